package ai.humane.sso.boundary;

import ai.humane.edge.boundary.HumaneApi;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Sends a browser to its organisation's identity provider, found by the e-mail's verified domain (S5, S6). */
@Dependent
@Path(HumaneApi.V1 + "auth/sso")
@PermitAll
public class SsoRoutesResource {

    @Inject
    SsoRouting routing;

    @GET
    public Response route(@QueryParam("email") String email) {
        return Response.seeOther(URI.create(routing.loginPath(email))).build();
    }
}
