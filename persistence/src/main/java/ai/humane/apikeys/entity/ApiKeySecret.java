package ai.humane.apikeys.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The clear text of an API key (K1): {@code hk_live_} and 32 random bytes in base64url. Only its
 * SHA-256 is stored; a key has 256 bits of entropy, so a slow hash would add cost and no safety.
 * The first {@link #PREFIX_LENGTH} characters are stored in clear to find the row.
 */
public final class ApiKeySecret {

    public static final String MARKER = "hk_live_";
    static final int RANDOM_BYTES = 32;
    static final int PREFIX_LENGTH = MARKER.length() + 8;
    private static final Pattern FORM = Pattern.compile("hk_live_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private ApiKeySecret(String value) {
        this.value = value;
    }

    public static ApiKeySecret generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(MARKER + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A presented token in the key's exact form, or empty: anything else is not an API key. */
    public static Optional<ApiKeySecret> parse(String token) {
        return token != null && FORM.matcher(token).matches() ? Optional.of(new ApiKeySecret(token)) : Optional.empty();
    }

    public String value() {
        return value;
    }

    public String prefix() {
        return value.substring(0, PREFIX_LENGTH);
    }

    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Constant-time comparison with a stored hash. */
    public boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(hash(), storedHash);
    }

    @Override
    public String toString() {
        return prefix() + "…";
    }
}
