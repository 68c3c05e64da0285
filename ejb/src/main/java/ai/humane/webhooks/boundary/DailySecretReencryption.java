package ai.humane.webhooks.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.webhooks.control.SecretReencryption;
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

/**
 * Once a night, moves sealed webhook and inbound secrets to the first key of FERNET_KEYS (K3), so an old key
 * can leave the ring; rows no key opens are reported at SEVERE, never dropped. Every instance runs it; the
 * rows are locked while they move, and a second run finds nothing left to do.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed for the same reason as the dispatcher: each tenant's step is its own explicit transaction.
@TransactionManagement(TransactionManagementType.BEAN)
public class DailySecretReencryption {

    private static final Logger LOG = Logger.getLogger(DailySecretReencryption.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    FieldEncryption secrets;

    @Schedule(hour = "3", minute = "17", persistent = false, info = "webhook secret re-encryption")
    public void reencrypt() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            SecretReencryption.Report report = new SecretReencryption(secrets.reencryption()).run(db);
            LOG.info(() -> "Moved " + report.moved() + " webhook secret(s) to the current Fernet key");
            if (!report.unreadable().isEmpty()) {
                LOG.severe("No key in FERNET_KEYS opens these stored secrets (left as they are): " + report.unreadable());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook secret re-encryption failed; it runs again tomorrow", e);
        }
    }
}
