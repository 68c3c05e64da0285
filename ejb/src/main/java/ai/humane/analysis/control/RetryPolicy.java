package ai.humane.analysis.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How often a failing provider call is tried before the lexicon answers instead, and how long to wait: the
 * base doubled after each try, or the provider's Retry-After when that is longer (at most ten minutes, so a
 * provider cannot park a message for a day).
 */
public record RetryPolicy(int attempts, Duration base) {

    static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

    /** When to try again after the {@code tried}-th failed try, or empty when the tries are used up. */
    public Optional<Instant> next(Instant now, int tried, Optional<Duration> retryAfter) {
        if (tried >= attempts) {
            return Optional.empty();
        }
        Duration backoff = base.multipliedBy(1L << Math.min(20, tried - 1));
        Duration asked = retryAfter.map(d -> d.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : d).orElse(Duration.ZERO);
        return Optional.of(now.plus(asked.compareTo(backoff) > 0 ? asked : backoff));
    }
}
