package ai.humane.accounts.boundary;

import ai.humane.accounts.control.SpentLinks;
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
 * Deletes e-mailed links (tokens and invitations) a week after they stopped working, for every tenant
 * ({@link SpentLinks}). The timer is only a trigger (not persistent, docs/architecture.md); every instance runs it and the
 * DELETEs are idempotent. Bean-managed: Payara 6 wraps @Schedule timeouts in a container transaction otherwise.
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SpentLinkPurge {

    private static final Logger LOG = Logger.getLogger(SpentLinkPurge.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(minute = "23", hour = "*", persistent = false, info = "spent e-mailed link purge")
    public void purge() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            LOG.log(Level.FINE, "Purged {0} spent e-mailed links", SpentLinks.purge(db));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging spent e-mailed links failed; the next run tries again", e);
        }
    }
}
