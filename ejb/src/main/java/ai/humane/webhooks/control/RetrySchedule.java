package ai.humane.webhooks.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again (W3): 1 s, 4 s, 16 s, 64 s, 256 s, then ×4 up to a 4 h ceiling,
 * and never later than 24 h after the first try; past that the delivery is given up. A receiver's
 * Retry-After may ask for a longer wait, never a shorter one, and never past the ceiling or the cut-off.
 */
public final class RetrySchedule {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration CEILING = Duration.ofHours(4);
    public static final Duration CUT_OFF = Duration.ofHours(24);

    private final Clock clock;

    public RetrySchedule(Clock clock) {
        this.clock = clock;
    }

    /** The wait after the given number of failed tries (1 for the first), before Retry-After and the cut-off. */
    public static Duration delay(int failures) {
        int steps = Math.max(0, failures - 1);
        // 4^8 s is already past the ceiling; more steps would only risk overflow.
        if (steps >= 8) {
            return CEILING;
        }
        Duration wait = FIRST.multipliedBy(1L << (2 * steps));
        return wait.compareTo(CEILING) > 0 ? CEILING : wait;
    }

    /**
     * @param firstAttempt when the delivery was first tried
     * @param failures     failed tries so far, this one included
     * @param retryAfter   what the receiver asked for on 429 or 503, if anything
     * @return when to try next, or empty when the delivery is given up
     */
    public Optional<Instant> next(Instant firstAttempt, int failures, Optional<Duration> retryAfter) {
        Instant now = clock.instant();
        Instant deadline = firstAttempt.plus(CUT_OFF);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Duration wait = delay(failures);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(CEILING) > 0 ? CEILING : retryAfter.get();
        }
        Instant next = now.plus(wait);
        // The last try lands on the cut-off itself rather than being skipped.
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
