package ai.humane.sessions.control;

import static ai.humane.sessions.control.TokenForge.AUDIENCE;
import static ai.humane.sessions.control.TokenForge.ISSUER;
import static ai.humane.sessions.control.TokenForge.NOW;
import static ai.humane.sessions.control.TokenForge.SESSION;
import static ai.humane.sessions.control.TokenForge.TENANT;
import static ai.humane.sessions.control.TokenForge.USER;
import static ai.humane.sessions.control.TokenForge.claims;
import static ai.humane.sessions.control.TokenForge.es256;
import static ai.humane.sessions.control.TokenForge.header;
import static ai.humane.sessions.control.TokenForge.tokensAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private final String keySet = SigningKeys.generate("2026-01");
    private final SigningKeys keys = new SigningKeys(keySet);
    private final AccessTokens tokens = tokensAt(keys, NOW);
    private final TokenClaims member =
            TokenClaims.forUser(USER, SESSION, TENANT, "member", Set.of("messages:write", "engines:read"));

    @Test
    void verifiesTheTokenItIssuedAndAnswersItsClaims() {
        assertEquals(Optional.of(member), tokens.verify(tokens.issue(member)));
    }

    @Test
    void answersApiKeyCallersWithTheirScopes() {
        TokenClaims apiKey = TokenClaims.forApiKey(USER, TENANT, "admin", Set.of());
        TokenClaims verified = tokens.verify(tokens.issue(apiKey)).orElseThrow();
        assertTrue(verified.isApiKey());
        assertEquals(USER, verified.principalId());
        assertEquals(null, verified.sessionId(), "a key's token is named by its subject, not a session");
        assertEquals(Set.of(), verified.scopes());
    }

    @Test
    void signsWithTheFirstKeyAsEs256WithKidAndTypJwt() throws Exception {
        JWSHeader header = SignedJWT.parse(tokens.issue(member)).getHeader();
        assertEquals(JWSAlgorithm.ES256, header.getAlgorithm());
        assertEquals("2026-01", header.getKeyID());
        assertEquals("JWT", header.getType().getType());
    }

    @Test
    void writesIssuerAudienceCallerAndAFifteenMinuteLifetime() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(tokensAt(keys, NOW.plusMillis(700)).issue(member)).getJWTClaimsSet();
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(List.of(AUDIENCE), claims.getAudience());
        assertEquals("user:" + USER, claims.getSubject());
        assertEquals(SESSION.toString(), claims.getStringClaim("sid"));
        assertEquals(TENANT.toString(), claims.getStringClaim("tenant_id"));
        assertEquals("member", claims.getStringClaim("role"));
        assertEquals(List.of("member"), claims.getStringListClaim("groups"));
        assertEquals("engines:read messages:write", claims.getStringClaim("scope"));
        assertEquals(Date.from(NOW), claims.getIssueTime());
        assertEquals(Date.from(NOW), claims.getNotBeforeTime());
        assertEquals(Date.from(NOW.plus(Duration.ofMinutes(15))), claims.getExpirationTime());
    }

    @Test
    void givesEveryTokenItsOwnRandomJti() throws Exception {
        String first = SignedJWT.parse(tokens.issue(member)).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(tokens.issue(member)).getJWTClaimsSet().getJWTID();
        assertTrue(first.length() >= 32, "a jti long enough to be unguessable");
        assertNotEquals(first, second);
    }

    @Test
    void refusesATokenSixtySecondsPastItsExpiry() {
        String token = tokens.issue(member);
        assertEquals(Optional.empty(), tokensAt(keys, NOW.plus(Duration.ofMinutes(16))).verify(token));
        assertEquals(Optional.empty(), tokensAt(keys, NOW.plus(Duration.ofDays(1))).verify(token));
    }

    @Test
    void acceptsATokenUpToSixtySecondsPastItsExpiryForClockSkew() {
        Instant skewed = NOW.plus(Duration.ofMinutes(15)).plusSeconds(59);
        assertTrue(tokensAt(keys, skewed).verify(tokens.issue(member)).isPresent());
    }

    @Test
    void refusesATokenForAnotherAudience() {
        AccessTokens otherApi = new AccessTokens(keys, ISSUER, "billing-api", TokenForge.clockAt(NOW));
        assertEquals(Optional.empty(), tokens.verify(otherApi.issue(member)));
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        AccessTokens otherIssuer = new AccessTokens(keys, "https://evil.test", AUDIENCE, TokenForge.clockAt(NOW));
        assertEquals(Optional.empty(), tokens.verify(otherIssuer.issue(member)));
    }

    @Test
    void refusesATokenWhoseNotBeforeIsInTheFuture() {
        Map<String, Object> claims = claims();
        claims.put("nbf", NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey(), header("ES256", "2026-01"), claims)));
    }

    @Test
    void acceptsANotBeforeWithinTheSixtySecondSkew() {
        Map<String, Object> claims = claims();
        claims.put("nbf", NOW.plusSeconds(59).getEpochSecond());
        assertTrue(tokens.verify(es256(ourKey(), header("ES256", "2026-01"), claims)).isPresent());
    }

    @Test
    void refusesATokenIssuedInTheFuture() {
        Map<String, Object> claims = claims();
        claims.put("iat", NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey(), header("ES256", "2026-01"), claims)));
    }

    @Test
    void refusesALifetimeLongerThanTheFifteenMinutesWeIssue() {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW.plus(Duration.ofDays(30)).getEpochSecond());
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey(), header("ES256", "2026-01"), claims)));
    }

    @Test
    void acceptsTheHandBuiltBaselineSoEachRefusalIsAboutItsOneChange() {
        assertEquals(Optional.of(member), tokens.verify(es256(ourKey(), header("ES256", "2026-01"), claims())));
    }

    @Test
    void verifiesATokenSignedByThePreviousKeyWhileThatKeyIsInTheSet() {
        String oldToken = tokens.issue(member);
        SigningKeys rotated = new SigningKeys(keys.withNewKey("2027-01"));
        assertEquals(Optional.of(member), tokensAt(rotated, NOW).verify(oldToken));
    }

    @Test
    void refusesATokenSignedByThePreviousKeyOnceThatKeyIsRemoved() {
        String oldToken = tokens.issue(member);
        SigningKeys rotated = new SigningKeys(keys.withNewKey("2027-01"));
        SigningKeys retired = new SigningKeys(rotated.withoutKey("2026-01"));
        assertEquals(Optional.empty(), tokensAt(retired, NOW).verify(oldToken));
    }

    @Test
    void signsNewTokensWithTheNewKeyAfterRotation() throws Exception {
        AccessTokens rotated = tokensAt(new SigningKeys(keys.withNewKey("2027-01")), NOW);
        String token = rotated.issue(member);
        assertEquals("2027-01", SignedJWT.parse(token).getHeader().getKeyID());
        assertEquals(Optional.of(member), rotated.verify(token));
        assertEquals(Optional.empty(), tokens.verify(token), "the old set does not know the new key yet");
    }

    @Test
    void refusesNullEmptyAndOversizedInput() {
        String token = tokens.issue(member);
        assertEquals(Optional.empty(), tokens.verify(null));
        assertEquals(Optional.empty(), tokens.verify(""));
        assertEquals(Optional.empty(), tokens.verify(token + "." + "A".repeat(9000)));
        assertEquals(Optional.empty(), tokens.verify(" " + token));
        assertEquals(Optional.empty(), tokens.verify("Bearer " + token));
    }

    private ECKey ourKey() {
        return TokenForge.privateKey(keySet, "2026-01");
    }
}
