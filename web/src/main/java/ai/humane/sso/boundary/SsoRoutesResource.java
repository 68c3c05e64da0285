package ai.humane.sso.boundary;

import ai.humane.accounts.boundary.AuthResource;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.sessions.boundary.SessionCookies;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Sends a browser to its organisation's identity provider, found by the e-mail's verified domain (S5, S6); and the
 * confirmation an IdP-initiated SAML sign-in asks for on our own origin before it opens a session (S6,
 * {@link SsoConfirmations}). Both confirmation routes take JSON only, which no cross-site form can send.
 */
@Dependent
@Path(HumaneApi.V1 + "auth/sso")
@PermitAll
public class SsoRoutesResource {

    @Inject
    SsoRouting routing;

    @Inject
    SsoConfirmations confirmations;

    @Inject
    SessionCookies cookies;

    @Inject
    RequestOrigin origin;

    @GET
    public Response route(@QueryParam("email") String email) {
        return Response.seeOther(URI.create(routing.loginPath(email))).build();
    }

    /** Whom a confirmation would sign in, and where, for the console to ask; nothing changes. */
    @POST
    @Path("pending")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SsoConfirmations.Pending pending(@Valid @NotNull Confirmation body) {
        return confirmations.pending(body.challenge());
    }

    /** The click that confirms: the session an SP-initiated sign-in would have opened, with its cookies. */
    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response confirm(@Valid @NotNull Confirmation body) {
        return AuthResource.signedIn(cookies, confirmations.confirm(body.challenge(), origin.ip(), origin.userAgent()));
    }

    /** The challenge of {@code /sign-in#sso-confirm=}. */
    public record Confirmation(@NotBlank @Size(max = 200) String challenge) {
    }
}
