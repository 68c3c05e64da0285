package ai.humane.sessions.control;

import static ai.humane.sessions.control.TokenForge.NOW;
import static ai.humane.sessions.control.TokenForge.SESSION;
import static ai.humane.sessions.control.TokenForge.TENANT;
import static ai.humane.sessions.control.TokenForge.USER;
import static ai.humane.sessions.control.TokenForge.claims;
import static ai.humane.sessions.control.TokenForge.es256;
import static ai.humane.sessions.control.TokenForge.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed by our key and in time, yet refused: the claims the authentication mechanism relies on are wrong. */
class AccessTokenClaimsTest {

    private final String keySet = SigningKeys.generate("2026-01");
    private final AccessTokens tokens = TokenForge.tokensAt(new SigningKeys(keySet), NOW);

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "sub", "sid", "tenant_id", "role", "groups", "scope", "iat", "nbf", "exp", "jti"})
    void refusesATokenMissingARequiredClaim(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);
        assertEquals(Optional.empty(), verify(claims));
    }

    static Stream<Arguments> malformedClaims() {
        return Stream.of(
                Arguments.of("sub", "admin"),
                Arguments.of("sub", "user:not-a-uuid"),
                Arguments.of("sub", "user:" + USER.toString().toUpperCase()),
                Arguments.of("sub", "tenant:" + USER),
                Arguments.of("sid", "not-a-uuid"),
                Arguments.of("sid", SESSION.toString().toUpperCase()),
                Arguments.of("sid", 42),
                Arguments.of("sid", List.of(SESSION.toString())),
                Arguments.of("tenant_id", "1-1-1-1-1"),
                Arguments.of("tenant_id", List.of(TENANT.toString())),
                Arguments.of("role", "root"),
                Arguments.of("role", "Owner"),
                Arguments.of("groups", List.of("owner")),
                Arguments.of("groups", List.of("member", "owner")),
                Arguments.of("scope", "engines:read  messages:write"),
                Arguments.of("scope", "engines:read engines:read"),
                Arguments.of("scope", " engines:read"),
                Arguments.of("scope", List.of("engines:read")),
                Arguments.of("jti", ""),
                Arguments.of("exp", "2026-03-02T09:45:00Z"),
                Arguments.of("iss", 42),
                Arguments.of("aud", List.of(TokenForge.AUDIENCE, "billing-api")),
                Arguments.of("aud", List.of()));
    }

    @ParameterizedTest
    @MethodSource("malformedClaims")
    void refusesATokenWithAMalformedClaim(String claim, Object value) {
        Map<String, Object> claims = claims();
        claims.put(claim, value);
        assertEquals(Optional.empty(), verify(claims));
    }

    @Test
    void refusesAnApiKeyTokenThatNamesASession() {
        Map<String, Object> claims = claims();
        claims.put("sub", "api_key:" + USER);
        assertEquals(USER, verify(withoutSid(claims)).orElseThrow().principalId(), "a key's token without sid passes");
        assertEquals(Optional.empty(), verify(claims));
    }

    @Test
    void answersTheSessionAUserTokenStandsFor() {
        assertEquals(SESSION, verify(claims()).orElseThrow().sessionId());
    }

    @Test
    void acceptsAnAudienceArrayHoldingOnlyOurs() {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of(TokenForge.AUDIENCE));
        assertEquals(TokenForge.TENANT, verify(claims).orElseThrow().tenantId());
    }

    @Test
    void refusesToIssueForAnUnknownRoleMalformedScopeOrMissingSession() {
        assertThrows(IllegalArgumentException.class, () -> TokenClaims.forUser(USER, SESSION, TENANT, "root", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> TokenClaims.forUser(USER, SESSION, TENANT, "member", Set.of("a b")));
        assertThrows(IllegalArgumentException.class, () -> TokenClaims.forUser(USER, SESSION, TENANT, "member", Set.of("")));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims("user:42", SESSION, TENANT, "member", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims("user:" + USER, SESSION, null, "member", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new TokenClaims("user:" + USER, null, TENANT, "member", Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new TokenClaims("api_key:" + USER, SESSION, TENANT, "member", Set.of()));
    }

    @Test
    void keepsScopesSortedAndImmutable() {
        Set<String> scopes = new HashSet<>(List.of("messages:write", "engines:read"));
        TokenClaims claims = TokenClaims.forUser(UUID.randomUUID(), SESSION, TENANT, "viewer", scopes);
        scopes.add("billing:write");
        assertEquals("engines:read messages:write", claims.scope());
        assertThrows(UnsupportedOperationException.class, () -> claims.scopes().add("billing:write"));
    }

    private static Map<String, Object> withoutSid(Map<String, Object> claims) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(claims);
        copy.remove("sid");
        return copy;
    }

    private Optional<TokenClaims> verify(Map<String, Object> claims) {
        return tokens.verify(es256(TokenForge.privateKey(keySet, "2026-01"), header("ES256", "2026-01"), claims));
    }
}
