package ai.humane.sso.boundary;

import ai.humane.edge.boundary.HumaneApi;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Which ways to sign in the sign-in page may offer besides a password and an e-mail's SSO (S5): today whether
 * Google is configured. Public (counted with the public endpoints, A1) and a yes or no only: no client id, no
 * issuer. Without it a page could only learn that by starting a Google flow and reading the 404.
 */
@Dependent
@Path(HumaneApi.V1 + "public/sign-in-options")
@Produces(MediaType.APPLICATION_JSON)
public class SignInOptionsResource {

    @Inject
    OidcProviders providers;

    @GET
    public SignInOptions options() {
        return new SignInOptions(providers.googleConfigured());
    }

    /** {@code google}: "Sign in with Google" works ({@code GET /auth/oidc/google/login}). */
    public record SignInOptions(boolean google) {
    }
}
