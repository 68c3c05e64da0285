package ai.humane.ratelimit.control;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.HexFormat;

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
 * a write; when one did, the set fails and the hit reads and retries as before, so the count stays exact. Hits on
 * the same bucket take turns on this instance (one lock per stripe of buckets): otherwise they would all try the
 * same remembered row and all but one would fail. What is remembered is bounded (a fixed table of recent buckets,
 * a newer bucket replacing an older one in its slot) and is only ever a guess that the grid confirms or refuses.
 */
public final class GridRateCounter implements RateCounts {

    static final String MAP = "humane-rate-windows";
    /** The previous minute still counts during the current one; a minute more covers clocks a little apart. */
    static final int EXPIRY_SECONDS = 3 * SlidingWindow.WINDOW_SECONDS;
    /** Every failed attempt is another instance's success, so this many in a row means something is broken. */
    private static final int MAX_ATTEMPTS = 1_000;

    /**
     * Slots of remembered rows, and stripes of buckets that take turns: powers of two, the stripes fewer, so a
     * slot is only ever read and written under its stripe's lock (a slot's low bits are its stripe's).
     */
    static final int REMEMBERED = 4096;
    private static final int STRIPES = 64;

    private final IMap<String, long[]> windows;
    private final Written[] remembered = new Written[REMEMBERED];
    private final Object[] stripes = new Object[STRIPES];

    public GridRateCounter(HazelcastInstance grid) {
        // replace(key, seen, next) compares the stored form: BINARY makes that the serialized array, not
        // long[]'s identity equals. Every member adds the same configuration, which Hazelcast accepts.
        grid.getConfig().addMapConfig(new MapConfig(MAP).setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1).setTimeToLiveSeconds(EXPIRY_SECONDS));
        this.windows = grid.getMap(MAP);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public SlidingWindow.Verdict hit(byte[] bucket, int limit, long epochMillis) {
        String key = HexFormat.of().formatHex(bucket);
        long window = SlidingWindow.windowStart(epochMillis);
        int hash = key.hashCode() ^ key.hashCode() >>> 16;
        int slot = hash & (REMEMBERED - 1);
        synchronized (stripes[hash & (STRIPES - 1)]) {
            Written last = remembered[slot];
            long[] seen = last != null && last.key().equals(key) ? last.row() : null;
            boolean guessed = seen != null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                if (!guessed) {
                    seen = windows.get(key);
                }
                guessed = false;
                long[] next = SlidingWindow.advance(seen, window);
                boolean counted = seen == null ? windows.putIfAbsent(key, next) == null
                        : windows.replace(key, seen, next);
                if (counted) {
                    remembered[slot] = new Written(key, next);
                    return SlidingWindow.judge(limit, next[2], next[1], epochMillis);
                }
            }
        }
        throw new IllegalStateException("The rate limit could not be counted after " + MAX_ATTEMPTS + " attempts");
    }

    /** The row this instance last wrote for a bucket: what the grid holds unless another instance counted since. */
    private record Written(String key, long[] row) {
    }
}
