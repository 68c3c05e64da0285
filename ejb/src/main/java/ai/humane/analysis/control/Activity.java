package ai.humane.analysis.control;

import ai.humane.json.control.JsonP;
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

    // One bump for each row of the FROM clause filled in (none: exactly one); 9 parameters, bound by bind.
    private static final String BUMP = """
            INSERT INTO end_user_activity AS a (tenant_id, end_user_id, day, messages, analysed, sentiment_sum, emotions, flags,
                                                flagged_messages, last_message_at)
            SELECT humane_current_tenant(), ?::uuid, ?::date, ?::int, ?::int, ?::float8, ?::jsonb, ?::jsonb, ?::int,
                   ?::timestamptz %s
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
        try (PreparedStatement bump = db.prepareStatement(BUMP.formatted(""))) {
            bind(bump, 1, ref, arrived, analysis);
            bump.executeUpdate();
        }
    }

    /** The body of a CTE that bumps once for each row of {@code from} (a FROM clause); bind it with {@link #bind}. */
    static String bumpFor(String from) {
        return BUMP.formatted(from);
    }

    /** Binds a bump's 9 parameters from {@code at} on (see {@link #bump}); answers the next parameter's index. */
    static int bind(PreparedStatement bump, int at, MessageRef ref, boolean arrived, Analysis analysis) throws SQLException {
        boolean scored = analysis != null && analysis.score() != null;
        Map<String, Integer> flags = new LinkedHashMap<>();
        if (analysis != null) {
            analysis.flags().forEach(flag -> flags.put(flag, 1));
        }
        bump.setObject(at, ref.endUserId());
        bump.setDate(at + 1, Date.valueOf(LocalDate.ofInstant(ref.messageAt(), ZoneOffset.UTC)));
        bump.setInt(at + 2, arrived ? 1 : 0);
        bump.setInt(at + 3, scored ? 1 : 0);
        bump.setDouble(at + 4, scored ? analysis.score() : 0);
        bump.setString(at + 5, scored ? AnalysisJson.emotions(analysis).toString() : "{}");
        bump.setString(at + 6, JsonP.createObjectBuilder(new LinkedHashMap<>(flags)).build().toString());
        bump.setInt(at + 7, flags.isEmpty() ? 0 : 1);
        bump.setTimestamp(at + 8, arrived ? Timestamp.from(ref.messageAt()) : null);
        return at + 9;
    }
}
