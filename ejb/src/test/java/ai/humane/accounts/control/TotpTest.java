package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, Appendix B: every row of the table (8 digits, 30 s steps, each seed as the RFC's reference code). */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082, 46119246, 90693936",
        "1111111109, 07081804, 68084774, 25091201",
        "1111111111, 14050471, 67062674, 99943326",
        "1234567890, 89005924, 91819424, 93441116",
        "2000000000, 69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"})
    void answersRfc6238TestVectors(long time, String sha1, String sha256, String sha512) {
        Instant at = Instant.ofEpochSecond(time);
        assertEquals(sha1, rfc(TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1).code(SHA1_SEED, at));
        assertEquals(sha256, rfc(TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA256).code(SHA256_SEED, at));
        assertEquals(sha512, rfc(TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA512).code(SHA512_SEED, at));
    }

    @Test
    void acceptsTheStepsBesideNowButNotFurther() {
        Totp totp = new Totp();
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = now.getEpochSecond() / 30;
        assertEquals(OptionalLong.of(step - 1), totp.matchingStep(SHA1_SEED, totp.code(SHA1_SEED, now.minusSeconds(30)), now, 0));
        assertEquals(OptionalLong.of(step + 1), totp.matchingStep(SHA1_SEED, totp.code(SHA1_SEED, now.plusSeconds(30)), now, 0));
        assertTrue(totp.matchingStep(SHA1_SEED, totp.code(SHA1_SEED, now.minusSeconds(90)), now, 0).isEmpty());
        assertTrue(totp.matchingStep(SHA1_SEED, totp.code(SHA1_SEED, now.plusSeconds(90)), now, 0).isEmpty());
    }

    @Test
    void refusesACodeOfAStepAlreadyUsed() {
        Totp totp = new Totp();
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        String code = totp.code(SHA1_SEED, now);
        long step = totp.matchingStep(SHA1_SEED, code, now, 0).orElseThrow();
        assertTrue(totp.matchingStep(SHA1_SEED, code, now, step).isEmpty());
    }

    @Test
    void refusesWhatIsNotSixDigits() {
        Totp totp = new Totp();
        Instant now = Instant.ofEpochSecond(59);
        String code = totp.code(SHA1_SEED, now);
        assertTrue(totp.matchingStep(SHA1_SEED, " " + code, now, 0).isEmpty());
        assertTrue(totp.matchingStep(SHA1_SEED, code + "0", now, 0).isEmpty());
        assertTrue(totp.matchingStep(SHA1_SEED, null, now, 0).isEmpty());
    }

    @Test
    void encodesBase32AsRfc4648AndWritesAProvisioningUri() {
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(SHA1_SEED));
        assertEquals("foobar", new String(Totp.base32Decode("MZXW6YTBOI"), StandardCharsets.US_ASCII));
        byte[] secret = Totp.newSecret();
        assertEquals(java.util.HexFormat.of().formatHex(secret), java.util.HexFormat.of().formatHex(Totp.base32Decode(Totp.base32(secret))));
        assertEquals("otpauth://totp/Humane:ana%40example.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Humane"
                + "&algorithm=SHA1&digits=6&period=30", Totp.provisioningUri("Humane", "ana@example.test", SHA1_SEED));
    }

    private static Totp rfc(String algorithm) {
        return new Totp(Duration.ofSeconds(30), 8, algorithm);
    }
}
