package ai.humane.ratelimit.control;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A1's counters in Payara's Hazelcast data grid: one map entry per bucket holding its current minute, that
 * minute's hits and the minute before's ({@link SlidingWindow#advance}). A hit reads the entry and writes the
 * next one with a compare-and-set ({@code putIfAbsent}, {@code replace(key, seen, next)}), retried when another
 * instance counted in between: every hit is counted exactly once without a lock and without a database write.
 * The entry lives on the member that owns its partition with one synchronous backup on another member, so a
 * dying instance loses no count while one member survives; entries expire three minutes after their last hit,
 * when they count nothing any more. Keys are the bucket's pseudonym in hex: no address or key is held.
 *
 * <p>Each call to the grid is a hand-off to a partition thread and back (bench/edge-chain: the largest part of the
 * edge chain's cost). So the instance remembers the row it last wrote for a bucket and tries the compare-and-set on
 * it straight away: while no other instance counted the bucket in between, a hit is one call instead of a read and
 * a write; when one did, the set fails and the hit reads and retries as before, so the count stays exact. What is
 * remembered is bounded (a fixed table of recent buckets, a newer bucket replacing an older one in its slot) and is
 * only ever a guess that the grid confirms or refuses.
 *
 * <p>Hits of one stripe of buckets are counted by one thread at a time: the others would all try the same
 * remembered row and all but one would fail. The hits that arrive while a count is under way wait together, and the
 * next of them to count takes all of them: the hits on one bucket become one compare-and-set that adds them in
 * their order of arrival, each judged on the count up to and including itself, exactly as if they had been counted
 * one by one with nothing in between (a failed set recounts them all). Under load on one bucket, several requests
 * share one grid call; alone, a hit is counted as before.
 */
public final class GridRateCounter implements RateCounts {

    static final String MAP = "humane-rate-windows";
    /** The previous minute still counts during the current one; a minute more covers clocks a little apart. */
    static final int EXPIRY_SECONDS = 3 * SlidingWindow.WINDOW_SECONDS;
    /** Every failed attempt is another instance's success, so this many in a row means something is broken. */
    private static final int MAX_ATTEMPTS = 1_000;

    /**
     * Slots of remembered rows, and stripes of buckets that take turns: powers of two, the stripes fewer, so a
     * slot is only ever read and written by its stripe's counting thread (a slot's low bits are its stripe's).
     */
    static final int REMEMBERED = 4096;
    private static final int STRIPES = 64;

    private final Windows windows;
    private final Written[] remembered = new Written[REMEMBERED];
    private final Stripe[] stripes = new Stripe[STRIPES];

    public GridRateCounter(HazelcastInstance grid) {
        this(GridWindows.of(grid));
    }

    GridRateCounter(Windows windows) {
        this.windows = windows;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    @Override
    public SlidingWindow.Verdict hit(byte[] bucket, int limit, long epochMillis) {
        String key = HexFormat.of().formatHex(bucket);
        Hit mine = new Hit(key, limit, epochMillis, new CompletableFuture<>());
        Stripe stripe = stripes[spread(key) & (STRIPES - 1)];
        List<Hit> batch;
        boolean interrupted = false;
        synchronized (stripe) {
            stripe.waiting.add(mine);
            while (!mine.outcome().isDone() && stripe.counting) {
                try {
                    stripe.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // kept for the caller: the count it waits for is a grid call away
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (mine.outcome().isDone()) {
                return mine.verdict();
            }
            stripe.counting = true;
            batch = new ArrayList<>(stripe.waiting);
            stripe.waiting.clear();
        }
        try {
            countAll(batch);
        } catch (RuntimeException | Error e) {
            // No hit of the batch may be left waiting for a verdict that will never come.
            batch.forEach(hit -> hit.outcome().completeExceptionally(e));
            throw e;
        } finally {
            synchronized (stripe) {
                stripe.counting = false;
                stripe.notifyAll();
            }
        }
        return mine.verdict();
    }

    /** The hits of one stripe, one compare-and-set per bucket; each hit gets its verdict or the failure. */
    private void countAll(List<Hit> batch) {
        Map<String, List<Hit>> byBucket = new LinkedHashMap<>();
        for (Hit hit : batch) {
            byBucket.computeIfAbsent(hit.key(), k -> new ArrayList<>(1)).add(hit);
        }
        for (List<Hit> hits : byBucket.values()) {
            try {
                count(hits);
            } catch (RuntimeException e) {
                hits.forEach(hit -> hit.outcome().completeExceptionally(e));
            }
        }
    }

    /** Adds the hits, all of one bucket, in their order in one compare-and-set; retried as a whole when it fails. */
    private void count(List<Hit> hits) {
        String key = hits.get(0).key();
        int slot = spread(key) & (REMEMBERED - 1);
        Written last = remembered[slot];
        long[] seen = last != null && last.key().equals(key) ? last.row() : null;
        boolean guessed = seen != null;
        SlidingWindow.Verdict[] verdicts = new SlidingWindow.Verdict[hits.size()];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (!guessed) {
                seen = windows.get(key);
            }
            guessed = false;
            long[] next = seen;
            for (int i = 0; i < verdicts.length; i++) {
                Hit hit = hits.get(i);
                next = SlidingWindow.advance(next, SlidingWindow.windowStart(hit.epochMillis()));
                verdicts[i] = SlidingWindow.judge(hit.limit(), next[2], next[1], hit.epochMillis());
            }
            boolean counted = seen == null ? windows.putIfAbsent(key, next) : windows.replace(key, seen, next);
            if (counted) {
                remembered[slot] = new Written(key, next);
                for (int i = 0; i < verdicts.length; i++) {
                    hits.get(i).outcome().complete(verdicts[i]);
                }
                return;
            }
        }
        throw new IllegalStateException("The rate limit could not be counted after " + MAX_ATTEMPTS + " attempts");
    }

    /** How many hits wait for their stripe's count to finish (for tests that hold a count). */
    int waiting() {
        int waiting = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                waiting += stripe.waiting.size();
            }
        }
        return waiting;
    }

    /** Where the rows are kept: the grid's map, or in tests one that can hold a count while hits pile up. */
    interface Windows {

        long[] get(String key);

        /** True when no row was there and {@code row} is now. */
        boolean putIfAbsent(String key, long[] row);

        /** True when the stored row was {@code seen} and is now {@code next}. */
        boolean replace(String key, long[] seen, long[] next);
    }

    private record GridWindows(IMap<String, long[]> map) implements Windows {

        static GridWindows of(HazelcastInstance grid) {
            // replace(key, seen, next) compares the stored form: BINARY makes that the serialized array, not
            // long[]'s identity equals. Every member adds the same configuration, which Hazelcast accepts.
            grid.getConfig().addMapConfig(new MapConfig(MAP).setInMemoryFormat(InMemoryFormat.BINARY)
                    .setBackupCount(1).setTimeToLiveSeconds(EXPIRY_SECONDS));
            return new GridWindows(grid.getMap(MAP));
        }

        @Override
        public long[] get(String key) {
            return map.get(key);
        }

        @Override
        public boolean putIfAbsent(String key, long[] row) {
            return map.putIfAbsent(key, row) == null;
        }

        @Override
        public boolean replace(String key, long[] seen, long[] next) {
            return map.replace(key, seen, next);
        }
    }

    /** One stripe's turn: whether a thread is counting, and the hits waiting for the next count (both under its lock). */
    private static final class Stripe {

        private final List<Hit> waiting = new ArrayList<>();
        private boolean counting;
    }

    /** The bucket's stripe and remembered slot come from the low bits of this. */
    private static int spread(String key) {
        return key.hashCode() ^ key.hashCode() >>> 16;
    }

    /** One request's hit; whichever thread counts it completes its outcome with the verdict or the failure. */
    private record Hit(String key, int limit, long epochMillis, CompletableFuture<SlidingWindow.Verdict> outcome) {

        /** Called once the outcome is complete. */
        SlidingWindow.Verdict verdict() {
            try {
                return outcome.join();
            } catch (CompletionException e) {
                throw new IllegalStateException("The rate limit could not be counted", e.getCause());
            }
        }
    }

    /** The row this instance last wrote for a bucket: what the grid holds unless another instance counted since. */
    private record Written(String key, long[] row) {
    }
}
