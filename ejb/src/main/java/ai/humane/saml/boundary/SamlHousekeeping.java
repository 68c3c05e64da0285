package ai.humane.saml.boundary;

import ai.humane.mail.control.Outbox;
import ai.humane.saml.control.CertificateExpiry;
import ai.humane.saml.control.MetadataRefresh;
import ai.humane.saml.control.MetadataSource;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * SAML's hourly chores (S6), on every instance: drops request ids and remembered assertion ids past their
 * expiry (a row outlives its assertion only by the allowed skew), queues the 30-day warnings of expiring IdP
 * certificates, and refreshes the metadata of URL-made connections not fetched for a day. All are safe to run
 * anywhere at once: the purge deletes only expired rows, each certificate's warning is queued by the one update
 * that marks it announced, and a connection is claimed before its metadata is fetched.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed: each tenant's step is its own explicit transaction, as in the webhook dispatcher.
@TransactionManagement(TransactionManagementType.BEAN)
public class SamlHousekeeping {

    private static final Logger LOG = Logger.getLogger(SamlHousekeeping.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    MetadataSource metadata;

    @Schedule(hour = "*", minute = "41", persistent = false, info = "SAML housekeeping")
    public void run() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            long purged = purge(db);
            int warned = new CertificateExpiry(outbox.queue()).notify(db, Instant.now());
            int refreshed = new MetadataRefresh(metadata::fetch, outbox.queue()).run(db, Instant.now());
            LOG.fine(() -> "SAML: purged " + purged + " expired row(s), queued " + warned + " certificate warning(s), "
                    + "refreshed " + refreshed + " connection(s)' metadata");
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "SAML housekeeping failed; it runs again within the hour", e);
        }
    }

    private static long purge(Connection db) throws SQLException {
        try (PreparedStatement purge = db.prepareStatement("SELECT saml_purge_expired()");
             ResultSet result = purge.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }
}
