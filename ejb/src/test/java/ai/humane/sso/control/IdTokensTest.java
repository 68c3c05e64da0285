package ai.humane.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The ID token checks of S5, one forged or stale token at a time: only a token right in every respect passes. */
class IdTokensTest {

    static final String ISSUER = "https://idp.example";
    static final String CLIENT = "humane-client";
    static final Nonce NONCE = new Nonce("n-0123456789abcdef");

    private final RSAKey key = generate("k1");
    private final ImmutableJWKSet<SecurityContext> published = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
    private final OidcProvider provider = new OidcProvider("google", IdentitySource.google(ISSUER), CLIENT, "secret");

    @Test
    void acceptsATokenRightInEveryRespect() throws Exception {
        assertEquals("person-1", IdTokens.validate(provider, signed(c -> c, key), NONCE, published).getSubject().getValue());
    }

    @Test
    void refusesAnotherIssuerAudienceOrNonce() {
        refused(signed(c -> c.issuer("https://evil.example"), key));
        refused(signed(c -> c.audience("someone-else"), key));
        refused(signed(c -> c.claim("nonce", "another-nonce-0123"), key));
        refused(signed(c -> c.claim("nonce", null), key));
    }

    @Test
    void refusesAnExpiredOrFutureToken() {
        refused(signed(c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))), key));
        refused(signed(c -> c.issueTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))), key));
        refused(signed(c -> c.issueTime(null), key));
    }

    @Test
    void refusesATokenNotSignedByAPublishedKey() throws Exception {
        refused(signed(c -> c, generate("k1")));
        refused(signed(c -> c, generate("k2")));
        refused(new PlainJWT(claims(c -> c)));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims(c -> c));
        hmac.sign(new MACSigner(new byte[32]));
        refused(hmac);
    }

    @Test
    void googleSpeaksOnlyForGmailAndForWorkspaceAccounts() {
        assertTrue(IdTokens.googleSpeaksFor("ada@gmail.com", null));
        assertTrue(IdTokens.googleSpeaksFor("Ada@GoogleMail.COM", null));
        assertTrue(IdTokens.googleSpeaksFor("ada@corp.example", "corp.example"));
        assertTrue(IdTokens.googleSpeaksFor("ada@alias.example", "corp.example"), "a Workspace organisation's other domain");
        assertFalse(IdTokens.googleSpeaksFor("ada@corp.example", null), "a consumer account on a company's address");
        assertFalse(IdTokens.googleSpeaksFor("ada@corp.example", " "));
        assertFalse(IdTokens.googleSpeaksFor("ada@corp.example", true));
        assertFalse(IdTokens.googleSpeaksFor("ada@gmail.com.corp.example", null));
    }

    private void refused(JWT token) {
        assertThrows(SsoRefused.class, () -> IdTokens.validate(provider, token, NONCE, published));
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).subject("person-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("nonce", NONCE.getValue()).claim("email", "ada@acme.test").claim("email_verified", true)).build();
    }

    static SignedJWT signed(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims(change));
            jwt.sign(new RSASSASigner(with));
            return jwt;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
