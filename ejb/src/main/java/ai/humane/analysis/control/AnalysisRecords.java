package ai.humane.analysis.control;

import ai.humane.webhooks.control.EventRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Everything that follows from a message and from its finished analysis, written in one transaction of the
 * message's tenant: the analysis row, the profile's daily bucket, and the events {@code message.analyzed} and,
 * when a flag was raised, {@code end_user.flagged} (outbox: no event without its analysis, and the other way
 * round). Used by the synchronous lexicon path and by the dispatcher of queued LLM analyses alike.
 *
 * <p>The lexicon path is on every {@code POST /messages}, so it writes all of that in one statement (one round
 * trip; data-modifying CTEs, each under the same row-level security as on its own) and takes the analysis back
 * from it rather than reading it again.
 */
public class AnalysisRecords {

    private static final String ANALYSED = analysedStatement(false);
    private static final String ANALYSED_FLAGGED = analysedStatement(true);

    private final AnalysisRows rows = new AnalysisRows();
    private final Activity activity = new Activity();
    private final EventRows events = new EventRows();

    /**
     * A message analysed on the spot (the lexicon): answers the analysis as stored, or null when the message had
     * one already (then nothing is written).
     */
    public StoredAnalysis analysed(Connection db, MessageRef ref, Analysis analysis) throws SQLException {
        boolean flagged = !analysis.flags().isEmpty();
        try (PreparedStatement all = db.prepareStatement(flagged ? ANALYSED_FLAGGED : ANALYSED)) {
            int at = AnalysisRows.bindInsert(all, 1, ref, analysis, "lexicon", null);
            at = Activity.bind(all, at, ref, true, analysis);
            at = EventRows.bindEvent(all, at, UUID.randomUUID(), "message.analyzed",
                    AnalysisJson.analysed(ref, analysis, "lexicon", null).toString());
            if (flagged) {
                EventRows.bindEvent(all, at, UUID.randomUUID(), "end_user.flagged", AnalysisJson.flagged(ref, analysis).toString());
            }
            try (ResultSet row = all.executeQuery()) {
                return row.next() ? AnalysisRows.stored(row) : null;
            }
        }
    }

    // The analysis row, then (each only if it was inserted) the profile bump, message.analyzed, end_user.flagged
    // when flagged, and the fan-out of those events: what analysed(..) once did in as many statements, in order.
    private static String analysedStatement(boolean flagged) {
        return "WITH analysis AS (" + AnalysisRows.insertReturning() + "),\n"
                + "bump AS (" + Activity.bumpFor("FROM analysis") + "),\n"
                + "analysed AS (" + EventRows.event("FROM analysis") + "),\n"
                + (flagged ? "flagged AS (" + EventRows.event("FROM analysis") + "),\n" : "")
                + "fan_out AS (" + EventRows.fanOut(flagged ? "(SELECT id, type FROM analysed UNION ALL SELECT id, type FROM flagged)"
                        : "analysed") + ")\n"
                + "SELECT * FROM analysis";
    }

    /** A message whose analysis waits for the dispatcher (an LLM engine). */
    public void queued(Connection db, MessageRef ref) throws SQLException {
        if (rows.insert(db, ref, null, null, null)) {
            activity.bump(db, ref, true, null);
        }
    }

    /** A queued analysis finished; false (and nothing written) when its claim was lost meanwhile. */
    public boolean finished(Connection db, ClaimedAnalysis claimed, Analysis analysis, String method, String fallbackReason,
                            boolean tried) throws SQLException {
        if (!rows.complete(db, claimed, analysis, method, fallbackReason, tried)) {
            return false;
        }
        activity.bump(db, claimed.message(), false, analysis);
        emit(db, claimed.message(), analysis, method, fallbackReason);
        return true;
    }

    public AnalysisRows rows() {
        return rows;
    }

    private void emit(Connection db, MessageRef ref, Analysis analysis, String method, String fallbackReason)
            throws SQLException {
        events.emit(db, "message.analyzed", AnalysisJson.analysed(ref, analysis, method, fallbackReason).toString(), null);
        if (!analysis.flags().isEmpty()) {
            events.emit(db, "end_user.flagged", AnalysisJson.flagged(ref, analysis).toString(), null);
        }
    }
}
