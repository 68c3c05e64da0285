package ai.humane.saml.boundary;

import ai.humane.authentication.boundary.SignInStart;
import ai.humane.authentication.boundary.SsoCallbacks;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.saml.control.SamlRefused;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * A connection's public SAML endpoints (S6): its SP metadata, SP-initiated login (a fresh browser-binding cookie
 * and a redirect to the IdP with an AuthnRequest), and the ACS. The authentication mechanism has handled the
 * ACS post by the time this resource runs ({@link SamlAcsCallback}); here it only sends the signed-in browser on.
 */
@Dependent
@Path(HumaneApi.V1 + "auth/saml/{connection_id}")
@PermitAll
public class SamlResource {

    static final String METADATA_TYPE = "application/samlmetadata+xml";

    @Inject
    SamlLogins logins;

    @Inject
    SamlUrlBase urls;

    @Inject
    SamlBindingCookie binding;

    @Inject
    SsoCallbacks callbacks;

    @Context
    HttpServletRequest request;

    @Context
    HttpHeaders headers;

    @GET
    @Path("metadata")
    @Produces(METADATA_TYPE)
    public Response metadata(@PathParam("connection_id") UUID connectionId) {
        return Response.ok(logins.metadata(connectionId, urls.of(request, connectionId)), METADATA_TYPE).build();
    }

    @GET
    @Path("login")
    public Response login(@PathParam("connection_id") UUID connectionId) {
        Optional<Response> elsewhere = SignInStart.fromElsewhere(request, headers);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        String browser = binding.newValue();
        String to;
        try {
            to = logins.begin(connectionId, urls.of(request, connectionId), SamlBindingCookie.hash(browser));
        } catch (SamlRefused refused) {
            return SignInStart.refused(headers, refused);
        }
        return Response.seeOther(URI.create(to))
                .header("Set-Cookie", binding.setCookie(connectionId, browser, SamlLogins.REQUEST_LIFETIME.toSeconds()))
                .build();
    }

    @POST
    @Path("acs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acs(@PathParam("connection_id") UUID connectionId) {
        return callbacks.signedIn(request, URI.create("/"))
                .header("Set-Cookie", binding.setCookie(connectionId, "", 0)).build();
    }
}
