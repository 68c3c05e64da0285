package ai.humane.mail.boundary;

import ai.humane.mail.control.Outbox;
import ai.humane.mail.control.OutboxRows;
import ai.humane.mail.control.SealedMailReencryption;
import ai.humane.mail.control.SendBudgets;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the outbox and the send budgets small and current: hourly, budgets whose window has ended are
 * dropped; nightly, mail still waiting is moved to the first key of FERNET_KEYS (K3) and the redacted
 * record of settled mail is forgotten after {@code mail.retention.days}. Every instance runs both; a
 * second run finds nothing left to do.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed for the same reason as the dispatcher: each statement commits on its own.
@TransactionManagement(TransactionManagementType.BEAN)
public class MailUpkeep {

    private static final Logger LOG = Logger.getLogger(MailUpkeep.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "mail.retention.days", defaultValue = "90")
    int retentionDays;

    @Schedule(minute = "11", hour = "*", persistent = false, info = "send budget purge")
    public void purgeBudgets() {
        try (Connection db = autocommit()) {
            new SendBudgets().purge(db);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Send budget purge failed; it runs again in an hour", e);
        }
    }

    @Schedule(minute = "41", hour = "3", persistent = false, info = "mail re-encryption and retention")
    public void nightly() {
        try (Connection db = autocommit()) {
            SealedMailReencryption.Report report = new SealedMailReencryption(outbox.seal().reencryption()).run(db);
            LOG.info(() -> "Moved " + report.moved() + " queued e-mail(s) to the current Fernet key");
            if (!report.unreadable().isEmpty()) {
                LOG.severe("No key in FERNET_KEYS opens these queued e-mails (left as they are): " + report.unreadable());
            }
            long forgotten = new OutboxRows().forget(db, retentionDays);
            LOG.info(() -> "Forgot " + forgotten + " settled e-mail record(s) older than " + retentionDays + " days");
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Mail re-encryption or retention failed; it runs again tomorrow", e);
        }
    }

    private Connection autocommit() throws SQLException {
        Connection db = dataSource.getConnection();
        try {
            db.setAutoCommit(true);
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }
}
