package ai.humane.accounts.boundary;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.accounts.control.SignUpAddresses;
import ai.humane.accounts.control.SpentLinks;
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
 * Retention of the identity tables (S1, S2, S3, S7, T2): every ten minutes, of those without row-level security,
 * throttle rows that count nothing any more (a spell older than an hour whose block has ended) and sign-up
 * addresses first seen more than 90 days ago; hourly, in every tenant, e-mailed links a week after they stopped
 * working ({@link SpentLinks}) and sessions a month after they ended ({@link EndedSessions}). The timers are only
 * triggers (not persistent, docs/architecture.md); every instance of a cluster runs them and the DELETEs are
 * idempotent, so two at once remove each row once. Bean-managed: Payara 6 wraps @Schedule timeouts in a
 * container transaction otherwise; each statement commits on its own.
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class AccountsRetention {

    private static final Logger LOG = Logger.getLogger(AccountsRetention.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Schedule(minute = "*/10", hour = "*", persistent = false, info = "sign-in throttle and sign-up address retention")
    public void purge() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            int counters = LoginThrottle.purgeExpired(db);
            int addresses = SignUpAddresses.purgeExpired(db);
            LOG.log(Level.FINE, "Forgot {0} throttle counters and {1} sign-up addresses", new Object[] {counters, addresses});
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Sign-in throttle and sign-up address retention failed; the next run tries again", e);
        }
    }

    @Schedule(minute = "23", hour = "*", persistent = false, info = "spent e-mailed link and ended session purge")
    public void purgeSpent() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            long links = SpentLinks.purge(db);
            long sessions = EndedSessions.purge(db);
            LOG.log(Level.FINE, "Purged {0} spent e-mailed links and {1} ended sessions", new Object[] {links, sessions});
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging spent e-mailed links and ended sessions failed; the next run tries again", e);
        }
    }
}
