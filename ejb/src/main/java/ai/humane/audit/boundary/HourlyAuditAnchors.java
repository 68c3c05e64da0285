package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditAnchors;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Once an hour, writes the head of every audit chain that moved since the last run to the log
 * {@value #ANCHOR_LOG} (L1): standard output and the files under {@code LOG_DIR}, which operators ship off the
 * database host (docs/runbook.md). A chain rewritten after its head was published, even consistently with the
 * database's key, no longer has that hash at that seq. The timer is only a trigger (not persistent); every instance
 * runs it, and a head is published once per move whichever instance gets it ({@link AuditAnchors}).
 */
@Stateless
// Bean-managed, as DailyAuditRetention: the control commits page by page.
@TransactionManagement(TransactionManagementType.BEAN)
public class HourlyAuditAnchors {

    static final String ANCHOR_LOG = "ai.humane.audit.anchor";
    private static final Logger ANCHORS = Logger.getLogger(ANCHOR_LOG);
    private static final Logger LOG = Logger.getLogger(HourlyAuditAnchors.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(hour = "*", minute = "7", persistent = false, info = "audit chain heads published")
    void publishMovedHeads() {
        try (Connection c = dataSource.getConnection()) {
            long published = new AuditAnchors().publish(c, ANCHORS::info);
            LOG.fine(() -> "Published " + published + " audit chain head(s)");
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Audit chain heads could not be published; the next run publishes them", e);
        }
    }
}
