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
 */
public final class GridRateCounter implements RateCounts {

    static final String MAP = "humane-rate-windows";
    /** The previous minute still counts during the current one; a minute more covers clocks a little apart. */
    static final int EXPIRY_SECONDS = 3 * SlidingWindow.WINDOW_SECONDS;
    /** Every failed attempt is another instance's success, so this many in a row means something is broken. */
    private static final int MAX_ATTEMPTS = 1_000;

    private final IMap<String, long[]> windows;

    public GridRateCounter(HazelcastInstance grid) {
        // replace(key, seen, next) compares the stored form: BINARY makes that the serialized array, not
        // long[]'s identity equals. Every member adds the same configuration, which Hazelcast accepts.
        grid.getConfig().addMapConfig(new MapConfig(MAP).setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1).setTimeToLiveSeconds(EXPIRY_SECONDS));
        this.windows = grid.getMap(MAP);
    }

    @Override
    public SlidingWindow.Verdict hit(byte[] bucket, int limit, long epochMillis) {
        String key = HexFormat.of().formatHex(bucket);
        long window = SlidingWindow.windowStart(epochMillis);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long[] seen = windows.get(key);
            long[] next = SlidingWindow.advance(seen, window);
            boolean counted = seen == null ? windows.putIfAbsent(key, next) == null : windows.replace(key, seen, next);
            if (counted) {
                return SlidingWindow.judge(limit, next[2], next[1], epochMillis);
            }
        }
        throw new IllegalStateException("The rate limit could not be counted after " + MAX_ATTEMPTS + " attempts");
    }
}
