package ai.humane.status.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * {@code METRICS_TOKEN}: the bearer credential that opens {@code /metrics} to operators (their scraper).
 * The metrics name internal methods and show pool and bulkhead figures, so the public never sees them;
 * without a token nobody does. The comparison is of SHA-256 digests with {@link MessageDigest#isEqual},
 * so its time tells a guesser neither how much of the token matched nor how long it is.
 */
public final class MetricsToken {

    /** 32 characters of {@code openssl rand -hex 32}-like randomness and up: beyond any guessing. */
    public static final int MIN_LENGTH = 32;
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private MetricsToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token, if one is configured.
     *
     * @throws IllegalArgumentException when a token is set but too short to withstand guessing
     */
    public static Optional<MetricsToken> from(Optional<String> configured) {
        Optional<String> token = configured.map(String::strip).filter(value -> !value.isEmpty());
        token.filter(value -> value.length() < MIN_LENGTH).ifPresent(value -> {
            throw new IllegalArgumentException("METRICS_TOKEN is " + value.length() + " characters; at least "
                    + MIN_LENGTH + " random characters are needed (openssl rand -hex 32)");
        });
        return token.map(MetricsToken::new);
    }

    /** Whether an {@code Authorization} header carries this token as a bearer credential. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
