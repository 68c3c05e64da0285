package ai.humane.status.boundary;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.OperatorMail;
import ai.humane.status.control.Check;
import ai.humane.status.control.ProbeSet;
import ai.humane.status.control.StatusAlerts;
import ai.humane.status.control.StatusRounds;
import jakarta.annotation.PostConstruct;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The status probes (O2). Every instance ticks each second on a non-persistent schedule (design.md: timers are
 * triggers) and acts once per slot of the interval: it asks PostgreSQL for the round of that slot, and only the
 * instance whose INSERT
 * won probes it, so a cluster probes once per interval. The winner stores the checks, counts them in the day's
 * uptime and sends the operators' alerts in one transaction; hourly it forgets what is past 90 days. When the
 * database cannot be reached no round can be claimed: the instance remembers that, and its status page says so.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed, as the other timers: each step commits on its own connection (see MailDispatcher).
@TransactionManagement(TransactionManagementType.BEAN)
public class StatusProbes {

    private static final Logger LOG = Logger.getLogger(StatusProbes.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    ProbeSettings settings;

    @Inject
    @ConfigProperty(name = "status.probe.interval.seconds", defaultValue = "60")
    int interval;

    @Inject
    @ConfigProperty(name = "status.alert.after-probes", defaultValue = "3")
    int afterProbes;

    @Inject
    OperatorMail operators;

    private final UUID instance = UUID.randomUUID();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long lastSlot = Long.MIN_VALUE;
    private final StatusRounds rounds = new StatusRounds();
    private volatile Instant unreachableSince;
    private ProbeSet probes;
    private StatusAlerts alerts;

    @PostConstruct
    void start() {
        if (interval < 1 || interval > 3600) {
            throw new IllegalStateException("STATUS_PROBE_INTERVAL_SECONDS must be 1 to 3600, not " + interval);
        }
        probes = settings.probes(dataSource);
        alerts = new StatusAlerts(afterProbes, this::mail, Clock.systemUTC());
        if (operators.addresses().isEmpty()) {
            LOG.warning("OPERATOR_EMAILS is not set: status alerts (outages, certificate expiry) go to nobody");
        }
    }

    /*
     * A schedule, not TimerService.createIntervalTimer: on Payara Server a programmatic timer, even a
     * non-persistent one, loads the persistent timer service, whose H2 database opens a TCP server on every
     * interface (measured by ear/verify-on-payara-server.sh, docs/decisions.md).
     */
    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "status probes")
    public void tick() {
        long slot = StatusRounds.slot(Instant.now(), interval);
        // A round slower than the interval (a certificate handshake that times out) is left to finish.
        if (slot == lastSlot || !running.compareAndSet(false, true)) {
            return;
        }
        lastSlot = slot;
        try {
            probe(slot);
            unreachableSince = null;
        } catch (SQLException | RuntimeException e) {
            if (unreachableSince == null) {
                unreachableSince = Instant.now();
                LOG.log(Level.WARNING, "Status probes cannot reach the database; the status page says so", e);
            }
        } finally {
            running.set(false);
        }
    }

    /** Since when this instance has not reached the database, or null. */
    public Instant unreachableSince() {
        return unreachableSince;
    }

    private void probe(long slot) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            if (!rounds.claim(db, slot, interval, instance)) {
                return;
            }
            List<Check> checks = probes.run();
            db.setAutoCommit(false);
            try {
                rounds.record(db, slot, checks);
                alerts.after(db, checks);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
            db.setAutoCommit(true);
            if (slot % Math.max(1, 3600 / interval) == 0) {
                rounds.prune(db);
            }
        }
    }

    private void mail(Connection db, String subject, String body) throws SQLException {
        int told = operators.tell(db, MailKind.STATUS_ALERT, subject, body);
        LOG.warning(() -> subject + (told == 0 ? " (no OPERATOR_EMAILS to tell)" : ""));
    }
}
