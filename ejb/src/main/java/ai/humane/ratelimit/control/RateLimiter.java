package ai.humane.ratelimit.control;

import ai.humane.crypto.control.PseudonymKeys;
import com.hazelcast.core.HazelcastInstance;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Counts a request against its bucket in Payara's data grid, which every instance of the cluster shares (and
 * which a single instance started with --nocluster still runs, as a cluster of one). The bucket is counted
 * as its HMAC under the key derived for rate buckets, never as the address or id it names: a rotation of
 * HMAC_KEY starts every bucket afresh, which forgives at most one window.
 */
@ApplicationScoped
public class RateLimiter {

    @Resource(lookup = "payara/Hazelcast")
    HazelcastInstance grid;

    @Inject
    PseudonymKeys pseudonyms;

    private RateCounts counts;

    /**
     * Opens the counters' map on a thread of its own that carries none of this application's invocation. Payara
     * attaches the invocation current when a grid object is created (its Hazelcast tenant control) and re-enters it
     * around every operation on that object: on the partition thread, each hit activated a CDI request context and
     * looked up a bean manager first, 60 % of that thread's time (76 µs of its CPU a request, 27 µs without;
     * bench/edge-chain, 2026-12-04). The map holds strings and arrays of longs, never a class of ours, so it needs no
     * context.
     */
    @PostConstruct
    void connect() {
        FutureTask<GridRateCounter> opening = new FutureTask<>(() -> new GridRateCounter(grid));
        new Thread(null, opening, "humane-rate-counter-opening", 0, false).start();
        try {
            counts = opening.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The rate counters' map could not be opened", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening the rate counters' map", e);
        }
    }

    public SlidingWindow.Verdict hit(String bucket, int limit) {
        byte[] pseudonym = pseudonyms.forPurpose(PseudonymKeys.RATE_BUCKETS).sign(bucket.getBytes(StandardCharsets.UTF_8));
        return counts.hit(pseudonym, limit, System.currentTimeMillis());
    }
}
