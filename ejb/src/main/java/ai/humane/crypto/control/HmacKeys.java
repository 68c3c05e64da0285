package ai.humane.crypto.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of {@code HMAC_KEY} (K4), which sign unsubscribe and other e-mailed links and, each through a key
 * derived for its purpose ({@link #derive}), key the pseudonyms of S2, S7 and A1: a comma list of
 * url-safe base64 (padding optional) of at least {@value #MIN_BYTES} random bytes each. The first key
 * signs; every key verifies, so a new key can be put in front while links mailed under the old one keep
 * working until they expire, then the old key is dropped. HMAC-SHA256 from javax.crypto: the JDK has all
 * it takes, so no library is involved. Thread-safe: each key holds a {@link Mac} keyed once, and each call works on a
 * copy of it (a clone costs a fraction of looking the algorithm up and keying it anew, on every rate-limited request).
 */
public final class HmacKeys {

    public static final int MIN_BYTES = 32;
    public static final int MAC_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<Keyed> keys;

    /**
     * @param hmacKey the value of HMAC_KEY
     * @throws IllegalArgumentException when the list is empty or an entry is not a key; the message says
     *                                  which entry and why, never what it contains
     */
    public HmacKeys(String hmacKey) {
        this(parse(hmacKey));
    }

    private HmacKeys(List<SecretKeySpec> keys) {
        this.keys = keys.stream().map(Keyed::new).toList();
    }

    /** A new random key in the HMAC_KEY format: 32 bytes, url-safe base64 without padding. */
    public static String generateKey() {
        byte[] raw = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The MAC of {@code data} under the first key. */
    public byte[] sign(byte[] data) {
        return keys.get(0).mac(data);
    }

    /**
     * The MAC of {@code data} under every key, the signing key first: for finding what was keyed before the
     * newest key was put in front.
     */
    public List<byte[]> signEach(byte[] data) {
        return keys.stream().map(key -> key.mac(data)).toList();
    }

    /**
     * The same ring for one purpose only: each key replaced by HKDF-Expand (RFC 5869, one block) of it with
     * the purpose as info, {@code HMAC(key, "humane/" + purpose || 0x01)}. The Extract step is left out as
     * the RFC allows for a key that is already uniformly random (each is at least 32 random bytes). A MAC made
     * for one purpose is then worthless for any other, and nothing keyed with a derived key reveals the key
     * that signs K4's links.
     */
    public HmacKeys derive(String purpose) {
        byte[] label = ("humane/" + purpose).getBytes(StandardCharsets.UTF_8);
        byte[] info = Arrays.copyOf(label, label.length + 1);
        info[label.length] = 1;
        return new HmacKeys(keys.stream().map(key -> new SecretKeySpec(key.mac(info), ALGORITHM)).toList());
    }

    /**
     * True when {@code mac} is the MAC of {@code data} under any key. Every key is tried and each
     * comparison is constant-time, so the answer's timing says nothing about how much of a guess was right.
     */
    public boolean verifies(byte[] data, byte[] mac) {
        boolean verified = false;
        for (Keyed key : keys) {
            verified |= MessageDigest.isEqual(key.mac(data), mac);
        }
        return verified;
    }

    @Override
    public String toString() {
        return "HmacKeys[" + keys.size() + " redacted]";
    }

    /** One key, and a {@link Mac} keyed with it that is only ever copied, never used: its state stays the key's. */
    private static final class Keyed {

        private final SecretKeySpec key;
        private final Mac keyed;

        Keyed(SecretKeySpec key) {
            this.key = key;
            this.keyed = newMac(key);
        }

        byte[] mac(byte[] data) {
            Mac mac;
            try {
                mac = (Mac) keyed.clone();
            } catch (CloneNotSupportedException e) {
                // A provider whose Mac cannot be copied: key a new one, as it takes.
                mac = newMac(key);
            }
            return mac.doFinal(data);
        }

        private static Mac newMac(SecretKeySpec key) {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is not available", e);
            }
        }
    }

    private static List<SecretKeySpec> parse(String hmacKey) {
        return KeyList.parse("HMAC_KEY", hmacKey, (entry, where) -> new SecretKeySpec(decode(entry, where), ALGORITHM));
    }

    /** Says what is wrong with an entry by its shape only: the entry itself is a secret. */
    private static byte[] decode(String entry, String where) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not url-safe base64 (use - and _, not + and /)");
        }
        if (raw.length < MIN_BYTES) {
            throw new IllegalArgumentException(where + " decodes to " + raw.length + " bytes; at least " + MIN_BYTES
                    + " random bytes are needed");
        }
        return raw;
    }
}
