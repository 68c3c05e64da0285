package ai.humane.ratelimit.control;

/**
 * Where A1's counts live: one hit of a bucket counted exactly, cluster-wide, and judged against its ceiling.
 * The one kept store is Payara's data grid ({@link GridRateCounter}); what a bucket is and its ceiling are
 * decided before ({@link RateLimiter}, the plans), so the store can change without touching either.
 */
public interface RateCounts {

    /** Counts one request of {@code bucket} (a 32-byte pseudonym) at {@code epochMillis}, judged against {@code limit}. */
    SlidingWindow.Verdict hit(byte[] bucket, int limit, long epochMillis);
}
