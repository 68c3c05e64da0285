package ai.humane.analysis.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Reads the rolling profile from the daily buckets: at most one row per day, summed in the database. */
public class Profiles {

    private static final String TODAY = "(now() AT TIME ZONE 'UTC')::date";

    private static final String TOTALS = """
            SELECT coalesce(sum(messages), 0), coalesce(sum(messages) FILTER (WHERE day > %1$s - 7), 0),
                   coalesce(sum(messages) FILTER (WHERE day > %1$s - 30), 0),
                   sum(sentiment_sum) FILTER (WHERE day > %1$s - 7), coalesce(sum(analysed) FILTER (WHERE day > %1$s - 7), 0),
                   sum(sentiment_sum) FILTER (WHERE day > %1$s - 30), coalesce(sum(analysed) FILTER (WHERE day > %1$s - 30), 0),
                   coalesce(sum(flagged_messages), 0), max(last_message_at)
              FROM end_user_activity WHERE end_user_id = ?""".formatted(TODAY);

    private static final String EMOTIONS = """
            SELECT e.key, sum(e.value::float8) FROM end_user_activity a, jsonb_each_text(a.emotions) e
             WHERE a.end_user_id = ? AND a.day > %s - 30 GROUP BY e.key""".formatted(TODAY);

    private static final String FLAGS = """
            SELECT f.key, sum(f.value::bigint) FROM end_user_activity a, jsonb_each_text(a.flags) f
             WHERE a.end_user_id = ? GROUP BY f.key""";

    public Profile of(Connection db, UUID endUser) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(TOTALS)) {
            query.setObject(1, endUser);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Timestamp last = row.getTimestamp(9);
                return new Profile(row.getLong(1), row.getLong(2), row.getLong(3), window(row, 4), window(row, 6),
                        emotions(db, endUser), flags(db, endUser), row.getLong(8), last == null ? null : last.toInstant());
            }
        }
    }

    private static Profile.Window window(ResultSet row, int at) throws SQLException {
        long analysed = row.getLong(at + 1);
        double sum = row.getDouble(at);
        return new Profile.Window(analysed == 0 ? null : Math.round(sum / analysed * 10000) / 10000.0, analysed);
    }

    private static Map<String, Double> emotions(Connection db, UUID endUser) throws SQLException {
        Map<String, Double> sums = new LinkedHashMap<>();
        Analysis.EMOTIONS.forEach(e -> sums.put(e, 0.0));
        try (PreparedStatement query = db.prepareStatement(EMOTIONS)) {
            query.setObject(1, endUser);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    sums.computeIfPresent(row.getString(1), (k, v) -> v + safe(row, 2));
                }
            }
        }
        double total = sums.values().stream().mapToDouble(Double::doubleValue).sum();
        sums.replaceAll((k, v) -> total == 0 ? 0.0 : Math.round(v / total * 10000) / 10000.0);
        return sums;
    }

    private static Map<String, Long> flags(Connection db, UUID endUser) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement(FLAGS)) {
            query.setObject(1, endUser);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
        }
        return counts;
    }

    private static double safe(ResultSet row, int column) {
        try {
            return row.getDouble(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
