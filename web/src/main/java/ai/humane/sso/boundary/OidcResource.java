package ai.humane.sso.boundary;

import ai.humane.authentication.boundary.SignInStart;
import ai.humane.authentication.boundary.SsoCallbacks;
import ai.humane.edge.boundary.HumaneApi;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * Sign-in with an OpenID provider (S5): {@code login} begins the authorization code flow with PKCE and sends the
 * browser to the provider with a fresh flow cookie; {@code callback} is where the provider sends it back. The
 * authentication mechanism has already handled the callback by the time this resource runs ({@link OidcCallback}):
 * here it only sends the signed-in browser on, with the session cookies the mechanism set.
 */
@Dependent
@Path(HumaneApi.V1 + "auth/oidc/{provider}")
@PermitAll
public class OidcResource {

    @Inject
    OidcSignIn signIn;

    @Inject
    SsoRedirects redirects;

    @Inject
    SsoCallbacks callbacks;

    @Context
    HttpServletRequest request;

    @Context
    HttpHeaders headers;

    @GET
    @Path("login")
    public Response login(@PathParam("provider") String provider) {
        Optional<Response> elsewhere = SignInStart.fromElsewhere(request, headers);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        String browser = OidcFlows.random();
        URI to = signIn.begin(SsoRedirects.providerKey(provider), browser, redirects.oidcCallback(request, provider));
        return Response.seeOther(to).header("Set-Cookie", FlowCookie.issue(browser)).build();
    }

    @GET
    @Path("callback")
    public Response callback(@PathParam("provider") String provider) {
        return callbacks.signedIn(request, redirects.afterSignIn()).header("Set-Cookie", FlowCookie.clear()).build();
    }
}
