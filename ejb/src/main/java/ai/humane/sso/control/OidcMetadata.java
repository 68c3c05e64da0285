package ai.humane.sso.control;

import ai.humane.outbound.control.OutboundResponse;
import ai.humane.webhooks.control.Receivers;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Providers' discovery documents and signing keys (S5), fetched only through the SSRF guard and its pinned client
 * (N1, N2) and cached for an hour. The document must name the issuer it was fetched for. Keys are fetched again
 * when a token names a key id the cache does not hold (a provider's key rollover), at most once a minute per
 * issuer, so forged key ids cannot make us hammer a provider.
 */
@ApplicationScoped
public class OidcMetadata {

    private static final Duration KEEP = Duration.ofHours(1);
    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);

    @Inject
    Receivers receivers;

    /** Real time; a test moves it to see the hour's cache and the minute's refetch limit at work. */
    Clock clock = Clock.systemUTC();

    private record Cached<T>(T value, Instant fetchedAt) {
    }

    private final Map<String, Cached<OIDCProviderMetadata>> documents = new ConcurrentHashMap<>();
    private final Map<String, Cached<JWKSet>> keys = new ConcurrentHashMap<>();

    /** The provider's discovery document; refused unless its issuer is exactly {@code issuer}. */
    public OIDCProviderMetadata metadata(String issuer) {
        Cached<OIDCProviderMetadata> cached = documents.get(issuer);
        if (cached != null && cached.fetchedAt().plus(KEEP).isAfter(clock.instant())) {
            return cached.value();
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(fetch(trimSlash(issuer) + "/.well-known/openid-configuration"));
            if (!metadata.getIssuer().getValue().equals(issuer)) {
                throw SsoRefused.providerUnreachable();
            }
            documents.put(issuer, new Cached<>(metadata, clock.instant()));
            return metadata;
        } catch (ParseException e) {
            throw SsoRefused.providerUnreachable();
        }
    }

    /**
     * The provider's signing keys as an ID token's verification asks for them: the cached set first, and a fresh
     * copy (rate-limited) when the token names a key the cached set does not hold.
     */
    public JWKSource<SecurityContext> keySource(String issuer) {
        return (selector, context) -> {
            List<JWK> found = selector.select(keys(issuer, false));
            return found.isEmpty() ? selector.select(keys(issuer, true)) : found;
        };
    }

    /** The provider's signing keys; {@code unknownKeyId} asks for a fresh copy (rate-limited). */
    JWKSet keys(String issuer, boolean unknownKeyId) {
        Cached<JWKSet> cached = keys.get(issuer);
        Instant now = clock.instant();
        boolean fresh = cached != null && cached.fetchedAt().plus(KEEP).isAfter(now);
        boolean mayRefetch = cached == null || cached.fetchedAt().plus(REFETCH_AT_MOST_EVERY).isBefore(now);
        if (fresh && !(unknownKeyId && mayRefetch)) {
            return cached.value();
        }
        try {
            JWKSet set = JWKSet.parse(fetch(metadata(issuer).getJWKSetURI().toString()));
            keys.put(issuer, new Cached<>(set, now));
            return set;
        } catch (java.text.ParseException e) {
            throw SsoRefused.providerUnreachable();
        }
    }

    /** The document at {@code url}, through the guard; a provider test serves its own documents here. */
    String fetch(String url) {
        try {
            OutboundResponse answer = receivers.client().get(url, Map.of("Accept", "application/json"));
            if (answer.status() != 200) {
                throw SsoRefused.providerUnreachable();
            }
            return new String(answer.body(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SsoRefused refused) {
                throw refused;
            }
            throw SsoRefused.providerUnreachable();
        }
    }

    static String trimSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
