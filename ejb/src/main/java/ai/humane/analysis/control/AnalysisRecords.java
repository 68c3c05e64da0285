package ai.humane.analysis.control;

import ai.humane.webhooks.control.EventRows;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Everything that follows from a message and from its finished analysis, written in one transaction of the
 * message's tenant: the analysis row, the profile's daily bucket, and the events {@code message.analyzed} and,
 * when a flag was raised, {@code end_user.flagged} (outbox: no event without its analysis, and the other way
 * round). Used by the synchronous lexicon path and by the dispatcher of queued LLM analyses alike.
 */
public class AnalysisRecords {

    private final AnalysisRows rows = new AnalysisRows();
    private final Activity activity = new Activity();
    private final EventRows events = new EventRows();

    /** A message analysed on the spot (the lexicon). */
    public void analysed(Connection db, MessageRef ref, Analysis analysis) throws SQLException {
        if (rows.insert(db, ref, analysis, "lexicon", null)) {
            activity.bump(db, ref, true, analysis);
            emit(db, ref, analysis, "lexicon", null);
        }
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
