package ai.humane.mail.control;

import java.time.Duration;

/**
 * When a mail that SMTP did not accept is tried again: {@code first} after the first failure, doubling
 * with each further one up to {@code cap}; after {@code maxAttempts} failures the mail is given up.
 */
public record Backoff(Duration first, Duration cap, int maxAttempts) {

    /** 10 s, 20 s, 40 s … capped at 1 h; ten attempts span about three hours. */
    public static final Backoff STANDARD = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 10);

    public Backoff {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("Backoff needs 0 < first <= cap and at least one attempt");
        }
    }

    /** The wait after the given number of failures (1 for the first). */
    public Duration after(int failures) {
        int doublings = Math.max(0, failures - 1);
        // 2^30 times any sensible first wait is past any sensible cap; more doublings only risk overflow.
        if (doublings >= 30) {
            return cap;
        }
        Duration wait = first.multipliedBy(1L << doublings);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    public boolean exhausted(int failures) {
        return failures >= maxAttempts;
    }
}
