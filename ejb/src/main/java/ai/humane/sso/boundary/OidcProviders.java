package ai.humane.sso.boundary;

import ai.humane.sso.control.IdentitySource;
import ai.humane.sso.control.OidcProvider;
import ai.humane.sso.control.SsoRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which OpenID providers a URL may name (S5). {@code google} is configured from the environment
 * (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET; GOOGLE_ISSUER defaults to https://accounts.google.com and is changed
 * only by tests, which point it at their Keycloak: only the issuer differs). Without a client id and secret,
 * Google sign-in is not offered. A tenant's own connections are named by their id.
 */
@ApplicationScoped
public class OidcProviders {

    public static final String GOOGLE = "google";

    @Inject
    ConnectionLookups connections;

    @Inject
    @ConfigProperty(name = "google.client.id")
    Optional<String> googleClientId;

    @Inject
    @ConfigProperty(name = "google.client.secret")
    Optional<String> googleClientSecret;

    @Inject
    @ConfigProperty(name = "google.issuer", defaultValue = "https://accounts.google.com")
    String googleIssuer;

    /** The provider {@code key} names; refused as not configured when there is none. */
    public OidcProvider provider(String key) {
        if (GOOGLE.equals(key)) {
            return google().orElseThrow(SsoRefused::notConfigured);
        }
        return uuid(key).flatMap(connections::oidc).orElseThrow(SsoRefused::notConfigured);
    }

    /** Whether "Sign in with Google" can be offered: a client id and secret are configured. */
    public boolean googleConfigured() {
        return google().isPresent();
    }

    private static Optional<UUID> uuid(String key) {
        try {
            UUID id = UUID.fromString(key);
            return id.toString().equals(key) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<OidcProvider> google() {
        if (googleClientId.filter(id -> !id.isBlank()).isEmpty() || googleClientSecret.filter(s -> !s.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OidcProvider(GOOGLE, IdentitySource.google(googleIssuer), googleClientId.get(),
                googleClientSecret.get()));
    }
}
