package ai.humane.crypto.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random bearer secret of 256 bits (session ids, CSRF tokens, e-mailed tokens). Only its SHA-256
 * is stored: a copy of the database opens nothing.
 */
public record OpaqueToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static OpaqueToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new OpaqueToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public byte[] hash() {
        return hash(value);
    }

    public static byte[] hash(String presented) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Tokens we issue are 43 base64url characters; anything else is not worth a database lookup. */
    public static boolean plausible(String presented) {
        return presented != null && presented.matches("[A-Za-z0-9_-]{43}");
    }

    @Override
    public String toString() {
        return "OpaqueToken[redacted]";
    }
}
