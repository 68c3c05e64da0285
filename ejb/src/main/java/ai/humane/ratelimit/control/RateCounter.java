package ai.humane.ratelimit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts one hit of a bucket and reads the previous window in a single statement, so a request costs
 * one round trip to PostgreSQL; the row lock of the UPSERT makes concurrent instances count exactly.
 * A bucket is a 32-byte pseudonym of what it counts (an API key, a user, a client address; see
 * {@link RateLimiter}): the table has no row-level security and keeps no address.
 */
public final class RateCounter {

    /**
     * The row keeps the current minute and the one before. A hit in the row's minute adds one; a hit in
     * the next minute moves the count to {@code previous}; a later one starts afresh. An instance whose
     * clock is behind counts into the row's minute rather than turning the window back.
     */
    private static final String HIT = """
            INSERT INTO rate_buckets AS b (bucket, window_start, hits, previous) VALUES (?, ?, 1, 0)
            ON CONFLICT (bucket) DO UPDATE SET
                previous = CASE WHEN b.window_start >= EXCLUDED.window_start THEN b.previous
                                WHEN b.window_start = EXCLUDED.window_start - ? THEN b.hits
                                ELSE 0 END,
                hits = CASE WHEN b.window_start >= EXCLUDED.window_start THEN b.hits + 1 ELSE 1 END,
                window_start = GREATEST(b.window_start, EXCLUDED.window_start)
            RETURNING hits, previous""";

    /** Counts one request of {@code bucket} at {@code epochMillis} and judges it against {@code limit}. */
    public SlidingWindow.Verdict hit(Connection db, byte[] bucket, int limit, long epochMillis) throws SQLException {
        long window = SlidingWindow.windowStart(epochMillis);
        try (PreparedStatement statement = db.prepareStatement(HIT)) {
            statement.setBytes(1, bucket);
            statement.setLong(2, window);
            statement.setLong(3, SlidingWindow.WINDOW_SECONDS);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return SlidingWindow.judge(limit, row.getLong(2), row.getLong(1), epochMillis);
            }
        }
    }

    /** Drops buckets not hit in this minute or the one before: they count nothing any more. */
    public int purge(Connection db, long epochMillis) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("DELETE FROM rate_buckets WHERE window_start < ?")) {
            statement.setLong(1, SlidingWindow.windowStart(epochMillis) - SlidingWindow.WINDOW_SECONDS);
            return statement.executeUpdate();
        }
    }
}
