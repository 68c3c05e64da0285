package ai.humane.sso.control;

import static ai.humane.sso.control.IdTokensTest.CLIENT;
import static ai.humane.sso.control.IdTokensTest.ISSUER;
import static ai.humane.sso.control.IdTokensTest.NONCE;
import static ai.humane.sso.control.IdTokensTest.generate;
import static ai.humane.sso.control.IdTokensTest.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S5's key rollover: a provider's signing keys are cached for an hour, fetched again when an ID token names a key
 * the cache does not hold, and at most once a minute, so forged key ids cannot make us hammer the provider. The
 * provider here serves its documents from memory and its clock is ours to move.
 */
class OidcMetadataTest {

    private static final String DISCOVERY = ISSUER + "/.well-known/openid-configuration";
    private static final String JWKS = ISSUER + "/protocol/certs";

    private final Instant start = Instant.parse("2026-12-03T12:00:00Z");
    private final RSAKey first = generate("k1");
    private final RSAKey second = generate("k2");
    private final Provider metadata = new Provider();
    private final OidcProvider provider = new OidcProvider("google", IdentitySource.google(ISSUER), CLIENT, "secret");

    @Test
    void aKeyRolledOverAtTheProviderIsFetchedWhenATokenFirstNamesIt() {
        metadata.publishes(first);
        assertEquals("person-1", subject(signed(c -> c, first)));
        at(Duration.ofMinutes(2));
        metadata.publishes(second);

        assertEquals("person-1", subject(signed(c -> c, second)));
        assertEquals(2, metadata.keyFetches());
        // The retired key is gone from the fresh copy: its tokens are refused from now on.
        refused(signed(c -> c, first));
    }

    @Test
    void knownKeysComeFromTheCacheForAnHour() {
        metadata.publishes(first);
        for (int i = 0; i < 5; i++) {
            subject(signed(c -> c, first));
        }
        at(Duration.ofMinutes(59));
        subject(signed(c -> c, first));
        assertEquals(1, metadata.keyFetches());
        assertEquals(1, metadata.fetched.stream().filter(DISCOVERY::equals).count());

        at(Duration.ofMinutes(61));
        subject(signed(c -> c, first));
        assertEquals(2, metadata.keyFetches());
    }

    @Test
    void unknownKeyIdsFetchTheKeysAgainAtMostOnceAMinute() {
        metadata.publishes(first);
        subject(signed(c -> c, first));
        RSAKey forged = generate("k9");
        for (int i = 0; i < 20; i++) {
            refused(signed(c -> c, forged));
        }
        assertEquals(1, metadata.keyFetches(), "a forged key id within the minute is answered from the cache");

        at(Duration.ofSeconds(61));
        for (int i = 0; i < 20; i++) {
            refused(signed(c -> c, forged));
        }
        assertEquals(2, metadata.keyFetches(), "after a minute, one fetch for all of them");
    }

    /**
     * Issuers are the tenants' to name: the documents kept stay within the budget however many are asked for, the
     * least recently used going first (until 2026-12-07 every issuer ever fetched stayed for the process's life).
     */
    @Test
    void theDocumentsKeptStayWithinTheBudgetHoweverManyIssuersAreAskedFor() {
        String padding = "x".repeat(OidcMetadata.MOST_DOCUMENT_BYTES - 400);
        int issuers = (int) (3 * OidcMetadata.CACHE_BUDGET / OidcMetadata.MOST_DOCUMENT_BYTES);
        for (int i = 0; i < issuers; i++) {
            metadata.padded(padding);
            metadata.metadata(ISSUER + "/tenant-" + i);
            assertTrue(metadata.documents.weight() <= OidcMetadata.CACHE_BUDGET, "after " + i + ": " + metadata.documents.weight());
        }
        int fetches = metadata.fetched.size();
        metadata.metadata(ISSUER + "/tenant-" + (issuers - 1));
        assertEquals(fetches, metadata.fetched.size(), "the most recent is kept");
        metadata.metadata(ISSUER + "/tenant-0");
        assertEquals(fetches + 1, metadata.fetched.size(), "the least recent went first");
    }

    private String subject(JWT token) {
        return IdTokens.validate(provider, token, NONCE, metadata.keySource(ISSUER)).getSubject().getValue();
    }

    private void refused(JWT token) {
        assertThrows(SsoRefused.class, () -> IdTokens.validate(provider, token, NONCE, metadata.keySource(ISSUER)));
    }

    private void at(Duration later) {
        metadata.clock = Clock.fixed(start.plus(later), ZoneOffset.UTC);
    }

    /** A provider serving its discovery document and its current public keys, counting what it was asked for. */
    private final class Provider extends OidcMetadata {

        final List<String> fetched = new ArrayList<>();
        private JWKSet published;
        private String padding = "";

        Provider() {
            clock = Clock.fixed(start, ZoneOffset.UTC);
        }

        void publishes(RSAKey key) {
            published = new JWKSet(key.toPublicJWK());
        }

        /** Every discovery document from now on carries a member of this many characters the parser keeps. */
        void padded(String characters) {
            padding = characters;
        }

        long keyFetches() {
            return fetched.stream().filter(JWKS::equals).count();
        }

        @Override
        String fetch(String url) {
            fetched.add(url);
            if (url.startsWith(ISSUER + "/tenant-") && url.endsWith("/.well-known/openid-configuration")) {
                String issuer = url.substring(0, url.indexOf("/.well-known/"));
                return """
                        {"issuer": "%s", "jwks_uri": "%s/certs", "authorization_endpoint": "%s/auth",
                         "response_types_supported": ["code"], "subject_types_supported": ["public"],
                         "id_token_signing_alg_values_supported": ["RS256"], "x_padding": "%s"}"""
                        .formatted(issuer, issuer, issuer, padding);
            }
            if (url.equals(DISCOVERY)) {
                return """
                        {"issuer": "%s", "jwks_uri": "%s", "authorization_endpoint": "%s/auth",
                         "response_types_supported": ["code"], "subject_types_supported": ["public"],
                         "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(ISSUER, JWKS, ISSUER);
            }
            if (url.equals(JWKS)) {
                return JSONObjectUtils.toJSONString(published.toJSONObject(true));
            }
            throw SsoRefused.providerUnreachable();
        }
    }
}
