package ai.humane.webhooks.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one try of a delivery came to: the status code (null when no response came), latency, the error
 * (network, timeout, refused URL) and the first 2 KB of the response, and any Retry-After asked for.
 */
public record Outcome(Instant attemptedAt, Integer statusCode, Duration latency, String error, String excerpt,
                      Optional<Duration> retryAfter) {

    public static final int EXCERPT_BYTES = 2048;

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** 410 Gone: the receiver says the endpoint no longer exists, so it is disabled. */
    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
