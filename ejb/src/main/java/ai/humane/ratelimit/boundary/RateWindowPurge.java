package ai.humane.ratelimit.boundary;

import ai.humane.ratelimit.control.RateCounter;
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
 * Deletes counter windows older than the previous minute. Every instance runs it; the DELETE is
 * idempotent. Bean-managed, as Payara 6 otherwise wraps the timeout in a container transaction.
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class RateWindowPurge {

    private static final Logger LOG = Logger.getLogger(RateWindowPurge.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(minute = "*", hour = "*", persistent = false, info = "rate window purge")
    public void purge() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            new RateCounter().purge(db, System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging rate windows failed; the next minute tries again", e);
        }
    }
}
