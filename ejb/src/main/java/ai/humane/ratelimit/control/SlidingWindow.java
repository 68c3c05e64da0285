package ai.humane.ratelimit.control;

/**
 * The sliding-window estimate over two fixed windows: all hits of the current window plus the previous
 * window's hits in proportion to how much of it still lies within the last {@code WINDOW} seconds. Unlike
 * a fixed window, a burst at the boundary cannot pass twice the ceiling.
 */
public final class SlidingWindow {

    public static final int WINDOW_SECONDS = 60;
    private static final long WINDOW_MILLIS = WINDOW_SECONDS * 1000L;

    private SlidingWindow() {
    }

    /** The fixed window that holds {@code epochMillis}, in epoch seconds. */
    public static long windowStart(long epochMillis) {
        return epochMillis / WINDOW_MILLIS * WINDOW_SECONDS;
    }

    /**
     * The counts after one more hit at {@code window}: {@code row} is {window start, hits, previous hits}, or
     * null for a bucket not hit lately. A hit in the row's minute adds one; a hit in the next minute moves the
     * count to previous; a later one starts afresh. An instance whose clock is behind counts into the row's
     * minute rather than turning the window back.
     */
    static long[] advance(long[] row, long window) {
        if (row != null && row[0] >= window) {
            return new long[] {row[0], row[1] + 1, row[2]};
        }
        long previous = row != null && row[0] == window - WINDOW_SECONDS ? row[1] : 0;
        return new long[] {window, 1, previous};
    }

    /**
     * Judges one request; {@code current} already counts it. Refused requests are counted too, so a
     * client that keeps hammering stays refused instead of getting every freed slot first.
     */
    public static Verdict judge(int limit, long previous, long current, long epochMillis) {
        long elapsed = epochMillis % WINDOW_MILLIS;
        double weight = (double) (WINDOW_MILLIS - elapsed) / WINDOW_MILLIS;
        double estimate = previous * weight + current;
        boolean allowed = estimate <= limit;
        int remaining = (int) Math.max(0, Math.floor(limit - estimate));
        long reset = ceilSeconds(WINDOW_MILLIS - elapsed);
        return new Verdict(allowed, limit, remaining, reset, allowed ? 0 : retryAfter(limit, previous, current, elapsed));
    }

    /** Seconds until one more request would fit, if the client sends nothing meanwhile. */
    static long retryAfter(int limit, long previous, long current, long elapsed) {
        double room = limit - 1 - current;
        if (room >= 0 && previous > 0) {
            // Within this window: previous * (W - e - d) / W <= room.
            double wait = WINDOW_MILLIS - elapsed - room * WINDOW_MILLIS / previous;
            return Math.max(1, ceilSeconds((long) Math.ceil(Math.max(0, wait))));
        }
        // In the next window, where this window's hits are the weighted previous ones.
        double intoNext = current == 0 ? 0 : WINDOW_MILLIS * (1 - (double) (limit - 1) / current);
        return Math.max(1, ceilSeconds(WINDOW_MILLIS - elapsed + (long) Math.ceil(Math.max(0, intoNext))));
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    /** The answer for one request, and what the RateLimit headers say. */
    public record Verdict(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }
}
