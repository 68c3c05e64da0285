package ai.humane.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

    @Test
    void generatesOneP256PrivateKeyUnderTheGivenKid() throws Exception {
        JWKSet set = JWKSet.parse(SigningKeys.generate("2026-01"));
        ECKey key = (ECKey) set.getKeys().get(0);
        assertEquals(1, set.size());
        assertEquals("2026-01", key.getKeyID());
        assertEquals(Curve.P_256, key.getCurve());
        assertTrue(key.isPrivate());
    }

    @Test
    void putsTheNewKeyFirstAndKeepsThePreviousOneOnRotation() {
        SigningKeys rotated = new SigningKeys(new SigningKeys(SigningKeys.generate("2026-01")).withNewKey("2027-01"));
        assertEquals(List.of("2027-01", "2026-01"), rotated.keyIds());
        assertEquals("2027-01", rotated.current().kid());
    }

    @Test
    void refusesToRotateToAKidAlreadyInTheSet() {
        SigningKeys keys = new SigningKeys(SigningKeys.generate("2026-01"));
        assertThrows(IllegalArgumentException.class, () -> keys.withNewKey("2026-01"));
    }

    @Test
    void dropsOnlyTheNamedKeyAndNeverTheLastOne() {
        SigningKeys rotated = new SigningKeys(new SigningKeys(SigningKeys.generate("2026-01")).withNewKey("2027-01"));
        SigningKeys retired = new SigningKeys(rotated.withoutKey("2026-01"));
        assertEquals(List.of("2027-01"), retired.keyIds());
        assertThrows(IllegalArgumentException.class, () -> retired.withoutKey("2027-01"));
        assertThrows(IllegalArgumentException.class, () -> retired.withoutKey("2026-01"));
    }

    @Test
    void publishesEveryPublicKeyAndNoPrivatePart() throws Exception {
        SigningKeys keys = new SigningKeys(new SigningKeys(SigningKeys.generate("2026-01")).withNewKey("2027-01"));
        Map<String, Object> jwks = JSONObjectUtils.parse(keys.publicJwks());
        List<Map<String, Object>> published = List.of(JSONObjectUtils.getJSONObjectArray(jwks, "keys"));
        List<Object> kids = published.stream().map(key -> key.get("kid")).collect(Collectors.toList());
        assertEquals(List.of("2027-01", "2026-01"), kids);
        for (Map<String, Object> key : published) {
            assertEquals(Set.of("kty", "crv", "x", "y", "kid", "use", "alg"), key.keySet());
            assertEquals("EC", key.get("kty"));
            assertEquals("P-256", key.get("crv"));
            assertEquals("sig", key.get("use"));
            assertEquals("ES256", key.get("alg"));
        }
        assertFalse(keys.publicJwks().contains("\"d\""));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "not json", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[]}", "{\"keys\":[\"k\"]}",
            "{\"keys\":null}", "{\"keys\":[{}]}"})
    void refusesAValueThatIsNotAJwkSetOfKeys(String value) {
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class, () -> new SigningKeys(value));
        assertTrue(refusal.getMessage().startsWith("JWT_SIGNING_KEYS"), refusal.getMessage());
    }

    @Test
    void refusesTruncatedJsonWithoutQuotingIt() {
        String value = SigningKeys.generate("2026-01");
        int d = value.indexOf("\"d\":\"") + 5;
        assertRefusedQuietly(value.substring(0, d + 30), List.of(value.substring(d, d + 30)), "is not a JSON object");
    }

    @Test
    void refusesAPublicOnlyKey() {
        Map<String, Object> key = member("2026-01");
        key.remove("d");
        assertRefusedQuietly(set(key), List.of((String) key.get("x")), "public key only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "oct", "OKP"})
    void refusesAKeyThatIsNotEc(String kty) {
        Map<String, Object> key = member("2026-01");
        key.put("kty", kty);
        assertRefusedQuietly(set(key), secretsOf(key), "is not an EC key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-384", "P-521", "secp256k1"})
    void refusesAnEcKeyOnAnotherCurve(String crv) {
        Map<String, Object> key = member("2026-01");
        key.put("crv", crv);
        assertRefusedQuietly(set(key), secretsOf(key), "is not on curve P-256");
    }

    @Test
    void refusesARealP384Key() throws Exception {
        ECKey p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(Curve.P_384).keyID("2026-01").generate();
        String json = new JWKSet(p384).toString(false);
        assertRefusedQuietly(json, List.of(p384.getD().toString()), "is not on curve P-256");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "has space", "k\u0000", "a/b"})
    void refusesAMissingOrMalformedKid(String kid) {
        Map<String, Object> key = member("2026-01");
        key.put("kid", kid);
        assertRefusedQuietly(set(key), secretsOf(key), "needs a kid");
    }

    @Test
    void refusesTwoKeysWithTheSameKid() {
        Map<String, Object> first = member("2026-01");
        Map<String, Object> second = member("2026-01");
        assertRefusedQuietly(set(first, second), secretsOf(second), "JWT_SIGNING_KEYS key 2 of 2 repeats the kid");
    }

    @Test
    void refusesAKeyMarkedForEncryptionOrAnotherAlgorithm() {
        Map<String, Object> encryption = member("2026-01");
        encryption.put("use", "enc");
        assertRefusedQuietly(set(encryption), secretsOf(encryption), "use other than \"sig\"");
        Map<String, Object> es384 = member("2026-01");
        es384.put("alg", "ES384");
        assertRefusedQuietly(set(es384), secretsOf(es384), "algorithm other than ES256");
    }

    @Test
    void refusesAPrivatePartThatBelongsToAnotherKey() {
        Map<String, Object> key = member("2026-01");
        key.put("d", member("other").get("d"));
        assertRefusedQuietly(set(member("2025-01"), key), secretsOf(key),
                "key 2 of 2 has a private part (d) that does not belong");
    }

    @Test
    void refusesAPointThatIsNotOnTheCurve() {
        Map<String, Object> key = member("2026-01");
        key.put("y", member("other").get("y"));
        assertRefusedQuietly(set(key), secretsOf(key), "is not a valid P-256 private key");
    }

    @Test
    void refusesAMalformedPrivatePart() {
        Map<String, Object> key = member("2026-01");
        key.put("d", "!!" + key.get("d"));
        assertRefusedQuietly(set(key), secretsOf(key), "has a malformed d");
        key.put("d", ((String) member("other").get("d")).substring(1));
        assertRefusedQuietly(set(key), secretsOf(key), "has a malformed d");
        key.put("d", 42);
        assertRefusedQuietly(set(key), secretsOf(key), "has a malformed d");
    }

    @Test
    void namesOnlyKidsWhenPrinted() {
        SigningKeys keys = new SigningKeys(SigningKeys.generate("2026-01"));
        assertEquals("SigningKeys[2026-01]", keys.toString());
    }

    @Test
    void refusesToGenerateUnderAMalformedKid() {
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.generate(""));
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.generate("a b"));
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.generate(null));
    }

    private static void assertRefusedQuietly(String value, List<String> secrets, String expected) {
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class, () -> new SigningKeys(value));
        assertTrue(refusal.getMessage().contains(expected), refusal.getMessage());
        assertNull(refusal.getCause(), "a chained cause could carry the library's message, which may quote the key");
        for (String secret : secrets) {
            assertFalse(refusal.getMessage().contains(secret), "the refusal quotes key material");
            assertFalse(refusal.getMessage().contains(secret.substring(0, 8)), "the refusal quotes key material");
        }
    }

    /** The values a refusal must not repeat: the private part, and the coordinates for good measure. */
    private static List<String> secretsOf(Map<String, Object> key) {
        return List.of("d", "x", "y").stream().filter(key::containsKey).map(name -> String.valueOf(key.get(name)))
                .filter(value -> value.length() >= 8).collect(Collectors.toList());
    }

    private static Map<String, Object> member(String kid) {
        try {
            Map<String, Object> set = JSONObjectUtils.parse(SigningKeys.generate("generated"));
            Map<String, Object> key = new LinkedHashMap<>(JSONObjectUtils.getJSONObjectArray(set, "keys")[0]);
            key.put("kid", kid);
            return key;
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    @SuppressWarnings("varargs")
    private static String set(Map<String, Object>... keys) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("keys", List.of(keys));
        return JSONObjectUtils.toJSONString(set);
    }
}
