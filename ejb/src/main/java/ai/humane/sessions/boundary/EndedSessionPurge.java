package ai.humane.sessions.boundary;

import ai.humane.sessions.control.EndedSessions;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Deletes sessions 30 days after they ended, for every tenant ({@link EndedSessions}). The timer is only a trigger
 * (not persistent, decisions.md); every instance runs it and the DELETE is idempotent. Bean-managed: Payara 6
 * wraps {@code @Schedule} timeouts in a container transaction otherwise.
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class EndedSessionPurge {

    private static final Logger LOG = Logger.getLogger(EndedSessionPurge.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(minute = "29", hour = "*", persistent = false, info = "ended session purge")
    public void purge() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            LOG.log(Level.FINE, "Purged {0} ended sessions", EndedSessions.purge(db));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging ended sessions failed; the next run tries again", e);
        }
    }
}
