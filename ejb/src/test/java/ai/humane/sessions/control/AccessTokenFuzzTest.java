package ai.humane.sessions.control;

import static ai.humane.sessions.control.TokenForge.NOW;
import static ai.humane.sessions.control.TokenForge.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded, so a failure replays: garbage and one-edit mutants of a genuine token never throw and never verify.
 * Only the genuine token itself may verify, and the test checks that it does, so the mutants are near misses.
 */
class AccessTokenFuzzTest {

    private static final long SEED = 0x5EC_4L;
    private static final int CASES = 2_000;
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String HEADERS = "{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"JWT\"}";

    private final Random random = new Random(SEED);
    private final SigningKeys keys = new SigningKeys(SigningKeys.generate("2026-01"));
    private final AccessTokens tokens = TokenForge.tokensAt(keys, NOW);
    private final String genuine = tokens.issue(TokenClaims.forUser(TokenForge.USER, TokenForge.SESSION, TokenForge.TENANT,
            "member", Set.of("engines:read")));

    @Test
    void garbageAndMutatedTokensNeverThrowAndNeverVerify() {
        assertTrue(tokens.verify(genuine).isPresent(), "the genuine token is the baseline");
        for (int i = 0; i < CASES; i++) {
            String candidate = candidate(i % 5);
            if (candidate.equals(genuine)) {
                continue;
            }
            try {
                assertEquals(Optional.empty(), tokens.verify(candidate), "case " + i + ": " + candidate);
            } catch (RuntimeException e) {
                fail("case " + i + " threw " + e + " for " + candidate);
            }
        }
    }

    @Test
    void deeplyNestedJsonNeitherThrowsNorVerifies() {
        String deep = "[".repeat(3_000) + "]".repeat(3_000);
        String header = b64(String.format(HEADERS, "ES256", "2026-01"));
        String token = header + "." + b64("{\"sub\":" + deep + "}") + "." + b64(new byte[64]);
        String deepHeader = b64("{\"alg\":\"ES256\",\"x\":" + deep + "}") + "." + b64("{}") + "." + b64(new byte[64]);
        assertEquals(Optional.empty(), tokens.verify(token));
        assertEquals(Optional.empty(), tokens.verify(deepHeader));
    }

    private String candidate(int kind) {
        switch (kind) {
            case 0:
                return randomText(random.nextInt(300), random.nextBoolean() ? BASE64URL + "." : null);
            case 1:
                return substituteOne(genuine);
            case 2:
                return insertOrDelete(genuine);
            case 3:
                return reshuffle(genuine.split("\\.", -1));
            default:
                return structured();
        }
    }

    private String randomText(int length, String alphabet) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet == null ? (char) random.nextInt(0x3000) : pick(alphabet));
        }
        return text.toString();
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }

    private String substituteOne(String token) {
        int at = random.nextInt(token.length());
        String pool = random.nextInt(10) == 0 ? ".=+/ \u0000é" : BASE64URL;
        return token.substring(0, at) + pool.charAt(random.nextInt(pool.length())) + token.substring(at + 1);
    }

    private String insertOrDelete(String token) {
        int at = random.nextInt(token.length());
        if (random.nextBoolean()) {
            return token.substring(0, at) + token.substring(at + 1);
        }
        return token.substring(0, at) + BASE64URL.charAt(random.nextInt(BASE64URL.length())) + token.substring(at);
    }

    private String reshuffle(String[] parts) {
        List<String> forms = List.of(
                parts[1] + "." + parts[0] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2],
                parts[0] + "." + parts[1],
                parts[0] + "." + parts[0] + "." + parts[2],
                parts[0] + ".." + parts[2],
                genuine.substring(0, random.nextInt(genuine.length())),
                genuine + randomText(1 + random.nextInt(5), BASE64URL + "."));
        return forms.get(random.nextInt(forms.size()));
    }

    /** Well-formed JWS shapes with hostile headers and payloads: the parser and the checks, not the regex, refuse. */
    private String structured() {
        List<String> algs = List.of("ES256", "none", "HS256", "RS256", "ES384", "PS256", "EdDSA", "es256", "");
        List<String> kids = List.of("2026-01", "2025-01", "", "../../etc/passwd", "2026-01\u0000");
        List<String> payloads = List.of("{}", "null", "[]", "\"\"", "{\"exp\":\"x\"}", "{\"aud\":{}}",
                "{\"iat\":1e309}",
                "{\"sub\":\"user:" + TokenForge.USER + "\",\"exp\":-1}", "not json", "{\"a\":");
        String header = String.format(HEADERS, oneOf(algs), oneOf(kids));
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return b64(header) + "." + b64(oneOf(payloads)) + "." + b64(signature);
    }

    private String oneOf(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
