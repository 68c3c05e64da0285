package ai.humane.analysis.control;

import ai.humane.json.control.JsonP;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The SQL of message_analyses, on a connection whose transaction is in one tenant's scope (the tenant comes
 * from row-level security, never from an argument). The queue works like the webhook deliveries: SKIP LOCKED
 * claims with a lease, and every later write only while the claim is still the row's own. Unlike a delivery, an
 * analysis is claimed only once its engine's bulkhead has a place for it, so none is claimed to be handed back.
 */
public class AnalysisRows {

    private static final String INSERT = """
            INSERT INTO message_analyses (id, tenant_id, message_id, end_user_id, engine_id, experiment_id, variant, status,
                method, fallback_reason, sentiment_score, sentiment_label, emotions, flags, language, message_at, analysed_at)
            VALUES (?, humane_current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?,
                    CASE WHEN ? = 'pending' THEN NULL ELSE now() END)
            ON CONFLICT (tenant_id, message_id) DO NOTHING""";

    // Due analyses, locked for this transaction only; the ones that get a place in their engine's bulkhead are
    // then claimed (CLAIM), the others are let go at commit, unwritten.
    private static final String DUE = """
            SELECT x.id, x.engine_id FROM message_analyses x
             WHERE ((x.status = 'pending' AND x.next_attempt_at <= now())
                    OR (x.status = 'running' AND x.claimed_until <= now()))
               AND (x.engine_id IS NULL OR x.engine_id <> ALL (?))
             ORDER BY x.next_attempt_at
             LIMIT ?
             FOR UPDATE OF x SKIP LOCKED""";

    private static final String CLAIM = """
            UPDATE message_analyses a
               SET status = 'running', claim_id = ?, claimed_until = now() + make_interval(secs => ?)
             WHERE a.id = ANY (?)
            RETURNING a.id, a.tenant_id, a.message_id, a.end_user_id, a.engine_id, a.experiment_id, a.variant, a.message_at,
                      a.attempts, (SELECT m.content FROM conversation_messages m WHERE m.id = a.message_id),
                      (SELECT e.provider_url FROM engines e WHERE e.id = a.engine_id),
                      (SELECT e.provider_api_key FROM engines e WHERE e.id = a.engine_id),
                      (SELECT e.config::text FROM engines e WHERE e.id = a.engine_id),
                      (SELECT t.baa_accepted_at IS NULL OR coalesce(e.baa_covered, false) FROM tenants t
                         LEFT JOIN engines e ON e.id = a.engine_id WHERE t.id = a.tenant_id)""";

    private static final String COMPLETE = """
            UPDATE message_analyses
               SET status = ?, method = ?, fallback_reason = ?, sentiment_score = ?, sentiment_label = ?, emotions = ?::jsonb,
                   flags = ?::jsonb, language = ?, attempts = attempts + ?, claim_id = NULL, claimed_until = NULL,
                   analysed_at = now()
             WHERE id = ? AND claim_id = ?""";

    private static final String RETRY = """
            UPDATE message_analyses
               SET status = 'pending', attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claim_id = NULL,
                   claimed_until = NULL
             WHERE id = ? AND claim_id = ?""";

    private static final String RELEASE = """
            UPDATE message_analyses SET status = 'pending', claim_id = NULL, claimed_until = NULL WHERE id = ? AND claim_id = ?""";

    // What a StoredAnalysis is read from (see stored), by SELECT or by RETURNING.
    private static final String STORED = """
            message_id, engine_id, status, method, fallback_reason, sentiment_score, sentiment_label, emotions::text,
                   flags::text, language, analysed_at""";

    private static final String READ = "SELECT " + STORED + " FROM message_analyses WHERE message_id = ANY (?)";

    /** Stores a finished analysis, or a pending one when {@code analysis} is null; false when the message had one. */
    public boolean insert(Connection db, MessageRef ref, Analysis analysis, String method, String fallbackReason)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            bindInsert(insert, 1, ref, analysis, method, fallbackReason);
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * The body of a CTE that inserts an analysis as {@link #insert} does and returns it as stored (none when the
     * message had one); bind it with {@link #bindInsert}, read its rows with {@link #stored}.
     */
    static String insertReturning() {
        return INSERT + " RETURNING " + STORED;
    }

    /** Binds the insert's 16 parameters from {@code at} on; answers the next parameter's index. */
    static int bindInsert(PreparedStatement insert, int at, MessageRef ref, Analysis analysis, String method,
                          String fallbackReason) throws SQLException {
        String status = analysis == null ? "pending" : analysis.status();
        insert.setObject(at, UUID.randomUUID());
        insert.setObject(at + 1, ref.messageId());
        insert.setObject(at + 2, ref.endUserId());
        insert.setObject(at + 3, ref.engineId());
        insert.setObject(at + 4, ref.experimentId());
        insert.setString(at + 5, ref.variant());
        insert.setString(at + 6, status);
        insert.setString(at + 7, analysis == null ? null : method);
        insert.setString(at + 8, fallbackReason);
        setAnalysis(insert, at + 9, analysis);
        insert.setTimestamp(at + 14, Timestamp.from(ref.messageAt()));
        insert.setString(at + 15, status);
        return at + 16;
    }

    /**
     * Takes up to {@code limit} due analyses of the scoped tenant, except those of {@code skipped} engines and those
     * {@code admit} turns away (asked once per due analysis with an engine, in order, inside the transaction): an
     * analysis turned away is not written at all and stays due for the next claim.
     */
    public List<ClaimedAnalysis> claim(Connection db, int limit, Duration lease, Set<UUID> skipped, Predicate<UUID> admit)
            throws SQLException {
        List<UUID> admitted = new ArrayList<>();
        try (PreparedStatement due = db.prepareStatement(DUE)) {
            due.setArray(1, db.createArrayOf("uuid", skipped.toArray()));
            due.setInt(2, limit);
            try (ResultSet row = due.executeQuery()) {
                while (row.next()) {
                    UUID engine = row.getObject(2, UUID.class);
                    if (engine == null || admit.test(engine)) {
                        admitted.add(row.getObject(1, UUID.class));
                    }
                }
            }
        }
        if (admitted.isEmpty()) {
            return List.of();
        }
        UUID claim = UUID.randomUUID();
        try (PreparedStatement update = db.prepareStatement(CLAIM)) {
            update.setObject(1, claim);
            update.setDouble(2, lease.toMillis() / 1000.0);
            update.setArray(3, db.createArrayOf("uuid", admitted.toArray()));
            List<ClaimedAnalysis> claimed = new ArrayList<>();
            try (ResultSet row = update.executeQuery()) {
                while (row.next()) {
                    MessageRef ref = new MessageRef(row.getObject(3, UUID.class), row.getObject(4, UUID.class),
                            row.getObject(5, UUID.class), row.getObject(6, UUID.class), row.getString(7),
                            row.getTimestamp(8).toInstant());
                    claimed.add(new ClaimedAnalysis(row.getObject(1, UUID.class), claim, row.getObject(2, UUID.class), ref,
                            row.getInt(9), row.getString(10), row.getString(11), row.getString(12), row.getString(13),
                            row.getBoolean(14)));
                }
            }
            return claimed;
        }
    }

    /** Finishes a claimed analysis; {@code tried} counts the call just made. False when the claim was lost. */
    public boolean complete(Connection db, ClaimedAnalysis claimed, Analysis analysis, String method, String fallbackReason,
                            boolean tried) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(COMPLETE)) {
            update.setString(1, analysis.status());
            update.setString(2, method);
            update.setString(3, reason(fallbackReason));
            setAnalysis(update, 4, analysis);
            update.setInt(9, tried ? 1 : 0);
            update.setObject(10, claimed.id());
            update.setObject(11, claimed.claim());
            return update.executeUpdate() == 1;
        }
    }

    public boolean retry(Connection db, ClaimedAnalysis claimed, Instant next, String error) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(RETRY)) {
            update.setTimestamp(1, Timestamp.from(next));
            update.setString(2, reason(error));
            update.setObject(3, claimed.id());
            update.setObject(4, claimed.claim());
            return update.executeUpdate() == 1;
        }
    }

    public boolean release(Connection db, ClaimedAnalysis claimed) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(RELEASE)) {
            update.setObject(1, claimed.id());
            update.setObject(2, claimed.claim());
            return update.executeUpdate() == 1;
        }
    }

    /** The analyses of these messages, by message id; a message without one is absent. */
    public Map<UUID, StoredAnalysis> of(Connection db, List<UUID> messageIds) throws SQLException {
        Map<UUID, StoredAnalysis> found = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(READ)) {
            query.setArray(1, db.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    StoredAnalysis stored = stored(row);
                    found.put(stored.messageId(), stored);
                }
            }
        }
        return found;
    }

    /** The analysis on the current row of a result with the columns {@link #STORED}. */
    static StoredAnalysis stored(ResultSet row) throws SQLException {
        Double score = row.getObject(6) == null ? null : row.getDouble(6);
        Timestamp analysed = row.getTimestamp(11);
        jakarta.json.JsonStructure emotions = json(row.getString(8));
        jakarta.json.JsonStructure flags = json(row.getString(9));
        return new StoredAnalysis(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getString(3),
                row.getString(4), row.getString(5), score, row.getString(7), emotions == null ? null : emotions.asJsonObject(),
                flags == null ? null : flags.asJsonArray(), row.getString(10), analysed == null ? null : analysed.toInstant());
    }

    private static jakarta.json.JsonStructure json(String text) {
        if (text == null) {
            return null;
        }
        try (var reader = JsonP.createReader(new StringReader(text))) {
            return reader.read();
        }
    }

    /** Score, label, emotions, flags and language from {@code at} on; all null for a pending analysis. */
    private static void setAnalysis(PreparedStatement statement, int at, Analysis analysis) throws SQLException {
        if (analysis == null || analysis.score() == null) {
            statement.setNull(at, Types.DOUBLE);
        } else {
            statement.setDouble(at, analysis.score());
        }
        statement.setString(at + 1, analysis == null ? null : analysis.label());
        statement.setString(at + 2, analysis == null ? null : AnalysisJson.emotions(analysis).toString());
        statement.setString(at + 3, analysis == null ? null : AnalysisJson.flags(analysis).toString());
        statement.setString(at + 4, analysis == null ? null : analysis.language());
    }

    /** A reason as its column holds it (V15: 200 characters at most); longer, the row could never be written. */
    private static String reason(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
