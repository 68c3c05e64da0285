package ai.humane.crypto.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {

    private static final String OLD = KeyRing.generateKey();
    private static final String NEW = KeyRing.generateKey();
    private static final String SECRET = "1//0gRefreshTokenOfAGoogleAccountThatSpansSeveralAesBlocks";

    @Test
    void roundTripsUnicodeText() {
        KeyRing ring = new KeyRing(NEW);
        String text = "sk-live-ünïcødé-🔑";

        assertEquals(text, ring.decrypt(ring.encrypt(text)));
        assertEquals("", ring.decrypt(ring.encrypt("")));
    }

    @Test
    void encryptsEachTimeWithAFreshIv() {
        KeyRing ring = new KeyRing(NEW);

        assertNotEquals(ring.encrypt(SECRET), ring.encrypt(SECRET));
    }

    @Test
    void encryptsWithTheFirstKeyOnly() {
        String token = new KeyRing(NEW + "," + OLD).encrypt(SECRET);

        assertEquals(SECRET, new KeyRing(NEW).decrypt(token));
        assertThrows(TokenNotDecryptable.class, () -> new KeyRing(OLD).decrypt(token));
    }

    @Test
    void stampsTheTokenWithTheClockSecond() {
        Instant now = Instant.parse("2026-11-29T10:15:30Z");
        String token = new KeyRing(NEW, Clock.fixed(now, ZoneOffset.UTC)).encrypt(SECRET);

        byte[] bytes = Base64.getUrlDecoder().decode(token);
        assertEquals((byte) 0x80, bytes[0]);
        assertEquals(now.getEpochSecond(), ByteBuffer.wrap(bytes, 1, 8).getLong());
    }

    @Test
    void opensATokenUnderAnOlderKeyAndFlagsItForRotation() {
        String token = new KeyRing(OLD).encrypt(SECRET);
        KeyRing rotated = new KeyRing(NEW + ", " + OLD);

        assertEquals(SECRET, rotated.decrypt(token));
        assertTrue(rotated.needsRotation(token));
        assertFalse(rotated.needsRotation(rotated.encrypt(SECRET)));
    }

    @Test
    void reencryptMovesATokenForwardToTheFirstKey() {
        String token = new KeyRing(OLD).encrypt(SECRET);
        KeyRing rotated = new KeyRing(NEW + "," + OLD);

        String moved = rotated.reencrypt(token);

        assertFalse(rotated.needsRotation(moved));
        assertEquals(SECRET, new KeyRing(NEW).decrypt(moved));
    }

    @Test
    void reencryptLeavesATokenUnderTheFirstKeyUnchanged() {
        KeyRing ring = new KeyRing(NEW + "," + OLD);
        String token = ring.encrypt(SECRET);

        assertSame(token, ring.reencrypt(token));
    }

    /** An IV bit flip changes the first plaintext block but keeps the padding valid: only the HMAC catches it. */
    @Test
    void refusesATamperedToken() {
        KeyRing ring = new KeyRing(NEW);
        byte[] bytes = Base64.getUrlDecoder().decode(ring.encrypt(SECRET));
        bytes[1 + 8] ^= 0x01;
        String tampered = Base64.getUrlEncoder().encodeToString(bytes);

        assertThrows(TokenNotDecryptable.class, () -> ring.decrypt(tampered));
        assertThrows(TokenNotDecryptable.class, () -> ring.needsRotation(tampered));
        assertThrows(TokenNotDecryptable.class, () -> ring.reencrypt(tampered));
    }

    @Test
    void refusesATokenUnderAKeyThatIsNotInTheRing() {
        String token = new KeyRing(KeyRing.generateKey()).encrypt(SECRET);
        KeyRing ring = new KeyRing(NEW + "," + OLD);

        TokenNotDecryptable refused = assertThrows(TokenNotDecryptable.class, () -> ring.decrypt(token));

        assertEquals("no key in FERNET_KEYS opens the token (2 tried): it was written under a removed key or altered",
                refused.getMessage());
        assertFalse(refused.getMessage().contains(token));
    }

    @Test
    void generatesDistinctKeysInTheFernetKeysFormat() {
        String key = KeyRing.generateKey();

        assertEquals(44, key.length());
        assertTrue(key.matches("[A-Za-z0-9_-]{43}="), key);
        assertNotEquals(key, KeyRing.generateKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "VALID,", "VALID,,VALID2", "VALID,VALID",
            "c2hvcnQta2V5LW9mLXR3ZW50eS1zZXZlbg==", "cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=",
            "bm90IGEga2V5IGF0IGFsbCwgYnV0IGxvbmdlciB0aGFuIHRoaXJ0eS10d28gYnl0ZXM=", "%%%%-no-base64-here-%%%%"})
    void refusesMalformedFernetKeysWithoutEchoingThem(String template) {
        String fernetKeys = template.replace("VALID2", OLD).replace("VALID", NEW);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new KeyRing(fernetKeys));

        assertTrue(refused.getMessage().startsWith("FERNET_KEYS"), refused.getMessage());
        assertEquals(null, refused.getCause());
        for (String entry : fernetKeys.split(",")) {
            if (entry.strip().length() >= 4) {
                assertFalse(refused.getMessage().contains(entry.strip()), refused.getMessage());
                assertFalse(refused.getMessage().contains(entry.strip().substring(0, 4)), refused.getMessage());
            }
        }
    }

    @Test
    void namesTheFaultyEntryAndItsDefect() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new KeyRing(NEW + ",c2hvcnQta2V5LW9mLXR3ZW50eS1zZXZlbg=="));

        assertEquals("FERNET_KEYS entry 2 of 2 decodes to 25 bytes; a Fernet key is 32 bytes", refused.getMessage());
    }
}
