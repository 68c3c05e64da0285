package ai.humane.analysis.control;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rolling profile's daily buckets (end_user_activity), bumped in the transaction that stores a message or
 * finishes its analysis, so the profile is current the moment either commits. Emotions add up the shares of
 * each analysed message; flags count the messages that raised each.
 */
public class Activity {

    private static final String BUMP = """
            INSERT INTO end_user_activity AS a (tenant_id, end_user_id, day, messages, analysed, sentiment_sum, emotions, flags,
                                                flagged_messages, last_message_at)
            VALUES (humane_current_tenant(), ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
            ON CONFLICT (tenant_id, end_user_id, day) DO UPDATE SET
                messages = a.messages + excluded.messages,
                analysed = a.analysed + excluded.analysed,
                sentiment_sum = a.sentiment_sum + excluded.sentiment_sum,
                emotions = (SELECT coalesce(jsonb_object_agg(k, coalesce((a.emotions ->> k)::float8, 0)
                                + coalesce((excluded.emotions ->> k)::float8, 0)), '{}'::jsonb)
                              FROM jsonb_object_keys(a.emotions || excluded.emotions) k),
                flags = (SELECT coalesce(jsonb_object_agg(k, coalesce((a.flags ->> k)::int, 0)
                                + coalesce((excluded.flags ->> k)::int, 0)), '{}'::jsonb)
                           FROM jsonb_object_keys(a.flags || excluded.flags) k),
                flagged_messages = a.flagged_messages + excluded.flagged_messages,
                last_message_at = greatest(a.last_message_at, excluded.last_message_at)""";

    /**
     * Counts a new message ({@code arrived}) and, when {@code analysis} is given, its finished analysis, in the
     * UTC day the message was sent.
     */
    public void bump(Connection db, MessageRef ref, boolean arrived, Analysis analysis) throws SQLException {
        boolean scored = analysis != null && analysis.score() != null;
        Map<String, Integer> flags = new LinkedHashMap<>();
        if (analysis != null) {
            analysis.flags().forEach(flag -> flags.put(flag, 1));
        }
        try (PreparedStatement bump = db.prepareStatement(BUMP)) {
            bump.setObject(1, ref.endUserId());
            bump.setDate(2, Date.valueOf(LocalDate.ofInstant(ref.messageAt(), ZoneOffset.UTC)));
            bump.setInt(3, arrived ? 1 : 0);
            bump.setInt(4, scored ? 1 : 0);
            bump.setDouble(5, scored ? analysis.score() : 0);
            bump.setString(6, scored ? AnalysisJson.emotions(analysis).toString() : "{}");
            bump.setString(7, jakarta.json.Json.createObjectBuilder(new LinkedHashMap<>(flags)).build().toString());
            bump.setInt(8, flags.isEmpty() ? 0 : 1);
            bump.setTimestamp(9, arrived ? Timestamp.from(ref.messageAt()) : null);
            bump.executeUpdate();
        }
    }
}
