package ai.humane.sessions.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Retention of sessions (S3): a session is deleted 30 days after it ended (signed out or revoked, idled out or past
 * its absolute cap, whichever came first), in every tenant, through the one SECURITY DEFINER function that may
 * (V38). An ended session is refused whether its row is there or not; the month keeps when and from where it was
 * opened, for its owner's list of sessions and for an operator looking into a sign-in the audit log names.
 */
public final class EndedSessions {

    private EndedSessions() {
    }

    /** Deletes the sessions that ended more than 30 days ago; answers how many. Every instance may run it at once. */
    public static long purge(Connection c) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement("SELECT purge_ended_sessions()");
             ResultSet gone = purge.executeQuery()) {
            return gone.next() ? gone.getLong(1) : 0;
        }
    }
}
