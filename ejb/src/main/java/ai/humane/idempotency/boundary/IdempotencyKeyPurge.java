package ai.humane.idempotency.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Deletes keys past their 24 h, for every tenant, through the one SECURITY DEFINER function that may.
 * Bean-managed: Payara 6 wraps @Schedule timeouts in a container transaction otherwise.
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class IdempotencyKeyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(minute = "*/10", hour = "*", persistent = false, info = "idempotency key purge")
    public void purge() {
        try (Connection db = dataSource.getConnection(); Statement purge = db.createStatement()) {
            db.setAutoCommit(true);
            try (ResultSet gone = purge.executeQuery("SELECT purge_expired_idempotency_keys()")) {
                gone.next();
                LOG.log(Level.FINE, "Purged {0} expired idempotency keys", gone.getLong(1));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging idempotency keys failed; the next run tries again", e);
        }
    }
}
