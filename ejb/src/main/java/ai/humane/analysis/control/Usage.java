package ai.humane.analysis.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What LLM engines spent, per tenant (the row-level security scope), engine and UTC day. */
public class Usage {

    private static final String RECORD = """
            INSERT INTO engine_usage AS u (tenant_id, engine_id, day, requests, failures, fallbacks, prompt_tokens,
                                           completion_tokens)
            VALUES (humane_current_tenant(), ?, (now() AT TIME ZONE 'UTC')::date, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, engine_id, day) DO UPDATE SET
                requests = u.requests + excluded.requests, failures = u.failures + excluded.failures,
                fallbacks = u.fallbacks + excluded.fallbacks, prompt_tokens = u.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = u.completion_tokens + excluded.completion_tokens""";

    /** One day of one engine. */
    public record Day(LocalDate day, long requests, long failures, long fallbacks, long promptTokens,
                      long completionTokens) {
    }

    public void record(Connection db, UUID engine, boolean called, boolean failed, boolean fellBack, long promptTokens,
                       long completionTokens) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(RECORD)) {
            insert.setObject(1, engine);
            insert.setInt(2, called ? 1 : 0);
            insert.setInt(3, failed ? 1 : 0);
            insert.setInt(4, fellBack ? 1 : 0);
            insert.setLong(5, promptTokens);
            insert.setLong(6, completionTokens);
            insert.executeUpdate();
        }
    }

    /** The last {@code days} days of an engine that had any, newest first. */
    public List<Day> of(Connection db, UUID engine, int days) throws SQLException {
        List<Day> found = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT day, requests, failures, fallbacks, prompt_tokens, completion_tokens FROM engine_usage
                 WHERE engine_id = ? AND day > (now() AT TIME ZONE 'UTC')::date - ? ORDER BY day DESC""")) {
            query.setObject(1, engine);
            query.setInt(2, days);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(new Day(row.getObject(1, LocalDate.class), row.getLong(2), row.getLong(3), row.getLong(4),
                            row.getLong(5), row.getLong(6)));
                }
            }
        }
        return found;
    }

}
