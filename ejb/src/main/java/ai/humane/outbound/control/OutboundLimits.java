package ai.humane.outbound.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The outbound limits of N2. {@link #production()} is what every real request gets; tests shrink the numbers
 * to prove each limit without waiting 30 seconds or sending 10 MB.
 *
 * @param connectTimeout   longest wait for a TCP (and TLS) connection
 * @param readTimeout      longest wait for the response to start, and between any two reads of it
 * @param deadline         longest the whole exchange may take, from the URL check to the last byte of the
 *                         answer, redirects included: the read timeout alone lets a receiver that sends one
 *                         byte at a time hold the call (and the webhook lane behind it) for ever
 * @param maxResponseBytes largest response body accepted; one byte more is an error, never a truncation
 * @param maxRedirects     redirects followed, each re-checked by the guard; 0 returns a 3xx as it came
 * @param keptResponseBytes how much of an accepted body is kept: the rest is read, counted against
 *                         {@code maxResponseBytes} and thrown away (a webhook try keeps its 2 KB excerpt, not 10 MiB)
 */
public record OutboundLimits(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxResponseBytes,
                             int maxRedirects, int keptResponseBytes) {

    /** 10 MiB. */
    public static final int TEN_MEGABYTES = 10 * 1024 * 1024;

    /** Enough for any real redirect chain; more is a loop or an attempt to wear the guard down. */
    private static final int MOST_REDIRECTS = 10;

    public OutboundLimits {
        for (Duration limit : new Duration[] {connectTimeout, readTimeout, deadline}) {
            Objects.requireNonNull(limit, "connectTimeout, readTimeout and deadline are required");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: zero means wait forever to HttpClient");
            }
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        if (maxRedirects < 0 || maxRedirects > MOST_REDIRECTS) {
            throw new IllegalArgumentException("maxRedirects must be between 0 and " + MOST_REDIRECTS);
        }
        if (keptResponseBytes < 0 || keptResponseBytes > maxResponseBytes) {
            throw new IllegalArgumentException("keptResponseBytes must be between 0 and maxResponseBytes");
        }
    }

    /** Limits that keep the whole of an accepted body. */
    public OutboundLimits(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxResponseBytes,
                          int maxRedirects) {
        this(connectTimeout, readTimeout, deadline, maxResponseBytes, maxRedirects, maxResponseBytes);
    }

    /** Connect 5 s, read 30 s, the whole exchange 30 s, 10 MiB, no redirects (webhook deliveries follow none). */
    public static OutboundLimits production() {
        return new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), TEN_MEGABYTES, 0);
    }

    /** The same limits, following up to {@code redirects} redirects (for metadata and discovery fetches). */
    public OutboundLimits followingRedirects(int redirects) {
        return new OutboundLimits(connectTimeout, readTimeout, deadline, maxResponseBytes, redirects, keptResponseBytes);
    }

    /** The same limits with another whole-exchange deadline (a slower provider may be given more). */
    public OutboundLimits withDeadline(Duration exchange) {
        return new OutboundLimits(connectTimeout, readTimeout, exchange, maxResponseBytes, maxRedirects, keptResponseBytes);
    }

    /** The same limits, keeping only the first {@code bytes} of an accepted body. */
    public OutboundLimits keepingAtMost(int bytes) {
        return new OutboundLimits(connectTimeout, readTimeout, deadline, maxResponseBytes, maxRedirects,
                Math.min(bytes, maxResponseBytes));
    }
}
