package ai.humane.ratelimit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts one hit of a bucket and reads the previous window in a single statement, so a request costs
 * one round trip to PostgreSQL; the row lock of the UPSERT makes concurrent instances count exactly.
 */
public final class RateCounter {

    private static final String HIT = """
            WITH hit AS (
                INSERT INTO rate_windows AS w (bucket, window_start, hits) VALUES (?, ?, 1)
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
                RETURNING hits)
            SELECT hit.hits, COALESCE((SELECT p.hits FROM rate_windows p WHERE p.bucket = ? AND p.window_start = ?), 0)
              FROM hit""";

    /** Counts one request of {@code bucket} at {@code epochMillis} and judges it against {@code limit}. */
    public SlidingWindow.Verdict hit(Connection db, String bucket, int limit, long epochMillis) throws SQLException {
        long window = SlidingWindow.windowStart(epochMillis);
        try (PreparedStatement statement = db.prepareStatement(HIT)) {
            statement.setString(1, bucket);
            statement.setLong(2, window);
            statement.setString(3, bucket);
            statement.setLong(4, window - SlidingWindow.WINDOW_SECONDS);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return SlidingWindow.judge(limit, row.getLong(2), row.getLong(1), epochMillis);
            }
        }
    }

    /** Drops windows older than the previous one: nothing reads them any more. */
    public int purge(Connection db, long epochMillis) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("DELETE FROM rate_windows WHERE window_start < ?")) {
            statement.setLong(1, SlidingWindow.windowStart(epochMillis) - SlidingWindow.WINDOW_SECONDS);
            return statement.executeUpdate();
        }
    }
}
