package ai.humane.outbound.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The outbound limits of N2. {@link #production()} is what every real request gets; tests shrink the numbers
 * to prove each limit without waiting 30 seconds or sending 10 MB.
 *
 * @param connectTimeout   longest wait for a TCP (and TLS) connection
 * @param readTimeout      longest wait for the response to start, and between any two reads of it
 * @param maxResponseBytes largest response body accepted; one byte more is an error, never a truncation
 * @param maxRedirects     redirects followed, each re-checked by the guard; 0 returns a 3xx as it came
 */
public record OutboundLimits(Duration connectTimeout, Duration readTimeout, int maxResponseBytes, int maxRedirects) {

    /** 10 MiB. */
    public static final int TEN_MEGABYTES = 10 * 1024 * 1024;

    /** Enough for any real redirect chain; more is a loop or an attempt to wear the guard down. */
    private static final int MOST_REDIRECTS = 10;

    public OutboundLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: zero means wait forever to HttpClient");
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        if (maxRedirects < 0 || maxRedirects > MOST_REDIRECTS) {
            throw new IllegalArgumentException("maxRedirects must be between 0 and " + MOST_REDIRECTS);
        }
    }

    /** Connect 5 s, read 30 s, 10 MiB, no redirects (webhook deliveries follow none). */
    public static OutboundLimits production() {
        return new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), TEN_MEGABYTES, 0);
    }

    /** The same limits, following up to {@code redirects} redirects (for metadata and discovery fetches). */
    public OutboundLimits followingRedirects(int redirects) {
        return new OutboundLimits(connectTimeout, readTimeout, maxResponseBytes, redirects);
    }
}
