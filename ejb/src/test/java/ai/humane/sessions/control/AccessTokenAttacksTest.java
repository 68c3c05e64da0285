package ai.humane.sessions.control;

import static ai.humane.sessions.control.TokenForge.NOW;
import static ai.humane.sessions.control.TokenForge.b64;
import static ai.humane.sessions.control.TokenForge.claims;
import static ai.humane.sessions.control.TokenForge.decode;
import static ai.humane.sessions.control.TokenForge.es256;
import static ai.humane.sessions.control.TokenForge.header;
import static ai.humane.sessions.control.TokenForge.hmac;
import static ai.humane.sessions.control.TokenForge.json;
import static ai.humane.sessions.control.TokenForge.signingInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The foundation issue's attacks on S4, each against tokens that are otherwise valid at {@link TokenForge#NOW}. */
class AccessTokenAttacksTest {

    private static final String KID = "2026-01";

    private final String keySet = SigningKeys.generate(KID);
    private final SigningKeys keys = new SigningKeys(keySet);
    private final AccessTokens tokens = TokenForge.tokensAt(keys, NOW);
    private final ECKey ourKey = TokenForge.privateKey(keySet, KID);

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void refusesAnUnsignedTokenWithAlgNone(String none) {
        String unsigned = signingInput(header(none, KID), claims());
        assertEquals(Optional.empty(), tokens.verify(unsigned + "."));
        assertEquals(Optional.empty(), tokens.verify(unsigned + "." + b64(new byte[64])));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void refusesAnHmacTokenKeyedWithOurPublicKey(String alg) throws Exception {
        String jca = "Hmac" + alg.replace("HS", "SHA");
        for (byte[] secret : publicKeySpellings()) {
            String confused = hmac(jca, secret, header(alg, KID), claims());
            assertEquals(Optional.empty(), tokens.verify(confused), alg + " keyed with a public key");
        }
    }

    @Test
    void refusesATokenWithAKidWeDoNotPublish() {
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey, header("ES256", "2025-01"), claims())));
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey, header("ES256", null), claims())));
    }

    @Test
    void refusesATokenSignedByAnotherP256KeyUnderOurKid() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(KID).generate();
        assertEquals(Optional.empty(), tokens.verify(es256(stranger, header("ES256", KID), claims())));
    }

    @Test
    void refusesATokenCarryingTheAttackersOwnKeyInItsHeader() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(KID).generate();
        Map<String, Object> header = header("ES256", KID);
        header.put("jwk", stranger.toPublicJWK().toJSONObject());
        assertEquals(Optional.empty(), tokens.verify(es256(stranger, header, claims())));
    }

    @Test
    void refusesATamperedPayloadUnderTheOriginalSignature() {
        String[] parts = tokens.issue(user("viewer")).split("\\.");
        String payload = decode(parts[1]).replace("\"viewer\"", "\"owner\"");
        assertTrue(payload.contains("\"owner\""));
        assertEquals(Optional.empty(), tokens.verify(parts[0] + "." + b64(payload) + "." + parts[2]));
    }

    @Test
    void refusesAnAllZeroSignature() {
        String psychic = signingInput(header("ES256", KID), claims()) + "." + b64(new byte[64]);
        assertEquals(Optional.empty(), tokens.verify(psychic));
    }

    @Test
    void refusesASecondSpellingOfAValidSignature() {
        String token = tokens.issue(user("member"));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // 86 characters carry 516 bits for a 512-bit signature: the last character's low 4 bits are padding.
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = token.substring(0, token.length() - 1) + sameBytes;
        assertTrue(tokens.verify(token).isPresent());
        assertEquals(Optional.empty(), tokens.verify(respelled));
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "id_token+jwt", "JWE", ""})
    void refusesATokenOfAnotherType(String typ) {
        Map<String, Object> header = header("ES256", KID);
        header.put("typ", typ);
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey, header, claims())));
    }

    @Test
    void refusesATokenWithoutType() {
        Map<String, Object> header = header("ES256", KID);
        header.remove("typ");
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey, header, claims())));
    }

    @Test
    void refusesATokenWithACriticalHeaderItDoesNotUnderstand() {
        Map<String, Object> header = header("ES256", KID);
        header.put("crit", List.of("humane-extra"));
        header.put("humane-extra", true);
        assertEquals(Optional.empty(), tokens.verify(es256(ourKey, header, claims())));
    }

    /** The forms an attacker finds a public key in: JWKS, one JWK, X.509 DER, PEM, the raw EC point. */
    private List<byte[]> publicKeySpellings() throws Exception {
        ECKey publicKey = ourKey.toPublicJWK();
        byte[] der = publicKey.toECPublicKey().getEncoded();
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + lines.encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(publicKey.getX().decode(), 0, point, 1, 32);
        System.arraycopy(publicKey.getY().decode(), 0, point, 33, 32);
        List<byte[]> spellings = new ArrayList<>();
        spellings.add(keys.publicJwks().getBytes(StandardCharsets.UTF_8));
        spellings.add(json(publicKey.toJSONObject()).getBytes(StandardCharsets.UTF_8));
        spellings.add(der);
        spellings.add(pem.getBytes(StandardCharsets.US_ASCII));
        spellings.add(point);
        return spellings;
    }

    private static TokenClaims user(String role) {
        return TokenClaims.forUser(TokenForge.USER, TokenForge.SESSION, TokenForge.TENANT, role, Set.of());
    }
}
