package ai.humane.webhooks.control;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * An endpoint's signing secret (K2): {@code whsec_} and the standard base64 of 32 random bytes, the
 * Standard Webhooks form, so their libraries and our verifier read the same value.
 */
public final class SigningSecret {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecret() {
    }

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of the Standard Webhooks signature: the decoded part after the prefix. */
    static byte[] standardKey(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signing secret starts with " + PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
