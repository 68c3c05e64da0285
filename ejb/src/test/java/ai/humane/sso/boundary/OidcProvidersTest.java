package ai.humane.sso.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Google is offered (GET /public/sign-in-options) only with both a client id and a secret that are not blank. */
class OidcProvidersTest {

    @Test
    void googleIsConfiguredOnlyWithAClientIdAndSecret() {
        assertTrue(providers(Optional.of("id"), Optional.of("secret")).googleConfigured());
        assertFalse(providers(Optional.empty(), Optional.empty()).googleConfigured());
        assertFalse(providers(Optional.of("id"), Optional.empty()).googleConfigured());
        assertFalse(providers(Optional.empty(), Optional.of("secret")).googleConfigured());
        assertFalse(providers(Optional.of(" "), Optional.of("secret")).googleConfigured());
        assertFalse(providers(Optional.of("id"), Optional.of("")).googleConfigured());
    }

    private static OidcProviders providers(Optional<String> id, Optional<String> secret) {
        OidcProviders providers = new OidcProviders();
        providers.googleClientId = id;
        providers.googleClientSecret = secret;
        providers.googleIssuer = "https://accounts.google.com";
        return providers;
    }
}
