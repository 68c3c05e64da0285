package ai.humane.sso.control;

import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.OutboundResponse;
import ai.humane.webhooks.control.Receivers;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Providers' discovery documents and signing keys (S5), fetched only through the SSRF guard and a pinned client of
 * their own (N1, N2: at most {@value #MOST_DOCUMENT_BYTES} bytes a document, 15 s an exchange, no redirect) and
 * cached for an hour, {@value #CACHE_BUDGET} characters of documents at most for each kind. The document must name the issuer it was fetched for. Keys are fetched again
 * when a token names a key id the cache does not hold (a provider's key rollover), at most once a minute per
 * issuer, so forged key ids cannot make us hammer a provider.
 */
@ApplicationScoped
public class OidcMetadata {

    private static final Duration KEEP = Duration.ofHours(1);
    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    /** Google's discovery document is about 1.5 KiB and its keys 2 KiB; Keycloak's and Azure's under 10 KiB. */
    static final int MOST_DOCUMENT_BYTES = 64 * 1024;
    /** Over a thousand issuers' documents of common size; 128 of the largest accepted. */
    static final long CACHE_BUDGET = 8L * 1024 * 1024;

    @Inject
    Receivers receivers;

    private OutboundClient client;

    /** Real time; a test moves it to see the hour's cache and the minute's refetch limit at work. */
    Clock clock = Clock.systemUTC();

    final DocumentCache<OIDCProviderMetadata> documents = new DocumentCache<>(KEEP, CACHE_BUDGET);
    final DocumentCache<JWKSet> keys = new DocumentCache<>(KEEP, CACHE_BUDGET);

    @PostConstruct
    void open() {
        client = new OutboundClient(receivers.guard(), new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(15), MOST_DOCUMENT_BYTES, 0));
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException e) {
            Logger.getLogger(OidcMetadata.class.getName()).log(Level.FINE, "Closing the providers' client failed", e);
        }
    }

    /** The provider's discovery document; refused unless its issuer is exactly {@code issuer}. */
    public OIDCProviderMetadata metadata(String issuer) {
        Optional<DocumentCache.Kept<OIDCProviderMetadata>> cached = documents.get(issuer, clock.instant());
        if (cached.isPresent()) {
            return cached.get().value();
        }
        try {
            String document = fetch(trimSlash(issuer) + "/.well-known/openid-configuration");
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(document);
            if (!metadata.getIssuer().getValue().equals(issuer)) {
                throw SsoRefused.providerUnreachable();
            }
            documents.put(issuer, metadata, clock.instant(), document.length());
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
        Instant now = clock.instant();
        Optional<DocumentCache.Kept<JWKSet>> cached = keys.get(issuer, now);
        boolean mayRefetch = cached.isEmpty() || cached.get().fetchedAt().plus(REFETCH_AT_MOST_EVERY).isBefore(now);
        if (cached.isPresent() && !(unknownKeyId && mayRefetch)) {
            return cached.get().value();
        }
        try {
            String document = fetch(metadata(issuer).getJWKSetURI().toString());
            JWKSet set = JWKSet.parse(document);
            keys.put(issuer, set, now, document.length());
            return set;
        } catch (java.text.ParseException e) {
            throw SsoRefused.providerUnreachable();
        }
    }

    /** The document at {@code url}, through the guard; a provider test serves its own documents here. */
    String fetch(String url) {
        try {
            OutboundResponse answer = client.get(url, Map.of("Accept", "application/json"));
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
