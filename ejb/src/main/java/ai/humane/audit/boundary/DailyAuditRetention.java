package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditRetention;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once a day, deletes audit events past the 24-month retention (L1). The timer is only a trigger (it is
 * not persistent, design.md): the work is in PostgreSQL, tenant by tenant, each in its own transaction
 * under that tenant's row-level security and under locks, so every instance of a cluster may run it and
 * the second finds nothing left to do. No container transaction: the control commits per tenant.
 */
@Stateless
// Bean-managed: Payara 6 wraps @Schedule timeouts in a container transaction even under NOT_SUPPORTED,
// and the connection's autocommit then fails that commit (seen in the HTTP tests). No container
// transaction can be started for a bean-managed bean; each statement commits on its own.
@TransactionManagement(TransactionManagementType.BEAN)
public class DailyAuditRetention {

    private static final Logger LOG = Logger.getLogger(DailyAuditRetention.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    javax.sql.DataSource dataSource;

    @Schedule(hour = "3", minute = "17", persistent = false)
    void purgeExpiredEvents() {
        try (Connection c = dataSource.getConnection()) {
            long removed = new AuditRetention().purgeAll(c);
            LOG.info("Audit retention removed " + removed + " event(s) older than 24 months");
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "Audit retention could not run; the next run tries again", e);
        }
    }
}
