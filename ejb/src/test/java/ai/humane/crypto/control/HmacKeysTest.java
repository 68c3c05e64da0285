package ai.humane.crypto.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacKeysTest {

    private static final byte[] DATA = "unsubscribe me".getBytes(StandardCharsets.UTF_8);
    private static final String OLD = HmacKeys.generateKey();
    private static final String NEW = HmacKeys.generateKey();

    @Test
    void signsWithHmacSha256AsRfc4231Says() {
        // RFC 4231 test case 2 needs a 4-byte key, below our minimum; case 6 uses 131 bytes of 0xaa.
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        HmacKeys keys = new HmacKeys(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        byte[] mac = keys.sign("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII));

        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", HexFormat.of().formatHex(mac));
    }

    @Test
    void callsAtOnceOnOneRingEachGetTheirOwnMac() throws Exception {
        HmacKeys keys = new HmacKeys(NEW);
        byte[] expected = keys.sign(DATA);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                byte[] other = ("message " + i).getBytes(StandardCharsets.UTF_8);
                results.add(threads.submit(() -> {
                    boolean agreed = true;
                    for (int n = 0; n < 500; n++) {
                        agreed &= java.util.Arrays.equals(expected, keys.sign(DATA)) && keys.verifies(other, keys.sign(other));
                    }
                    return agreed;
                }));
            }
            for (var result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS), "a MAC computed beside others is the MAC of its own data alone");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDerivedKeyIsHkdfExpandOfTheKeyWithThePurpose() {
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        HmacKeys keys = new HmacKeys(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        // HMAC-SHA256(HMAC-SHA256(key, "humane/login-throttle" || 0x01), DATA), computed with Python's hmac module.
        assertEquals("3507aaf5fedbf5266cc1609b90a198347731e27cba09aaf12200543e336a49ec",
                HexFormat.of().formatHex(keys.derive("login-throttle").sign(DATA)));
    }

    @Test
    void eachPurposeHasAKeyOfItsOwnAndARotationCarriesOver() {
        HmacKeys rotated = new HmacKeys(NEW + "," + OLD);
        byte[] raw = rotated.sign(DATA);
        byte[] throttle = rotated.derive("login-throttle").sign(DATA);
        byte[] buckets = rotated.derive("rate-buckets").sign(DATA);

        assertFalse(java.util.Arrays.equals(raw, throttle), "a derived key is not the key itself");
        assertFalse(java.util.Arrays.equals(throttle, buckets), "purposes do not share a key");
        assertArrayEquals(throttle, new HmacKeys(NEW).derive("login-throttle").sign(DATA), "the same key derives the same");
        assertEquals(2, rotated.derive("login-throttle").signEach(DATA).size());
        assertArrayEquals(new HmacKeys(OLD).derive("login-throttle").sign(DATA),
                rotated.derive("login-throttle").signEach(DATA).get(1), "the older key's pseudonym can still be found");
    }

    @Test
    void theFirstKeySignsAndEveryKeyVerifies() {
        byte[] underOld = new HmacKeys(OLD).sign(DATA);
        HmacKeys rotated = new HmacKeys(NEW + "," + OLD);

        assertArrayEquals(new HmacKeys(NEW).sign(DATA), rotated.sign(DATA));
        assertTrue(rotated.verifies(DATA, underOld));
        assertTrue(rotated.verifies(DATA, rotated.sign(DATA)));
        assertFalse(new HmacKeys(NEW).verifies(DATA, underOld), "a dropped key verifies nothing");
    }

    @Test
    void refusesAlteredDataAndMacsOfTheWrongLength() {
        HmacKeys keys = new HmacKeys(NEW);
        byte[] mac = keys.sign(DATA);

        assertFalse(keys.verifies("unsubscribe mE".getBytes(StandardCharsets.UTF_8), mac));
        assertFalse(keys.verifies(DATA, java.util.Arrays.copyOf(mac, 16)));
        assertFalse(keys.verifies(DATA, new byte[0]));
    }

    @Test
    void generatedKeysAre32RandomBytesInUrlSafeBase64() {
        assertEquals(32, Base64.getUrlDecoder().decode(NEW).length);
        assertFalse(NEW.equals(OLD));
        assertFalse(NEW.contains("=") || NEW.contains("+") || NEW.contains("/"), NEW);
    }

    @Test
    void acceptsPaddedKeysAndLongerKeys() {
        byte[] raw = new byte[48];
        new java.security.SecureRandom().nextBytes(raw);
        byte[] mac = new HmacKeys(Base64.getUrlEncoder().encodeToString(raw)).sign(DATA);

        assertTrue(new HmacKeys(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)).verifies(DATA, mac));
        assertTrue(new HmacKeys(Base64.getUrlEncoder().encodeToString(java.util.Arrays.copyOf(raw, 32))).verifies(DATA,
                new HmacKeys(Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(raw, 32))).sign(DATA)));
    }

    @Test
    void refusesAKeyShorterThan32BytesAndSaysSoWithoutShowingIt() {
        String short31 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new HmacKeys(short31));

        assertEquals("HMAC_KEY entry 1 of 1 decodes to 31 bytes; at least 32 random bytes are needed", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "KEY,", "not base64 at all!", "KEY,KEY"})
    void refusesMalformedListsWithoutEchoingThem(String value) {
        String listed = value.replace("KEY", NEW);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new HmacKeys(listed));

        assertTrue(refused.getMessage().startsWith("HMAC_KEY"), refused.getMessage());
        assertFalse(refused.getMessage().contains(NEW), "the key must not be in the message");
    }

    @Test
    void refusesStandardBase64() {
        String standard = "+/" + NEW.substring(2);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new HmacKeys(standard));

        assertTrue(refused.getMessage().contains("not url-safe base64"), refused.getMessage());
    }

    @Test
    void neverShowsItsKeys() {
        assertFalse(new HmacKeys(NEW).toString().contains(NEW));
    }
}
