package ai.humane.privacy.boundary;

import ai.humane.mail.control.Outbox;
import ai.humane.privacy.control.ClaimedJob;
import ai.humane.privacy.control.PrivacyWork;
import ai.humane.webhooks.boundary.EndpointNotices;
import ai.humane.webhooks.control.EndpointChanges;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs exports, erasures, archive expiry and account purges (L3) like the webhook dispatcher runs deliveries:
 * each instance's non-persistent trigger claims from PostgreSQL (SKIP LOCKED, a lease), so instances never run
 * one job twice at once and a restart loses nothing. Jobs run on a few managed threads of their own: an export
 * of a large tenant takes minutes and must not hold the timer.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed for the same reason as the webhook dispatcher: each tenant's step is its own transaction.
@TransactionManagement(TransactionManagementType.BEAN)
public class PrivacyWorker {

    private static final Logger LOG = Logger.getLogger(PrivacyWorker.class.getName());
    private static final int WORKERS = 2;

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Archives archives;

    @Inject
    Outbox outbox;

    /** An account purge deletes its webhook endpoints: the dispatcher's lanes send none of their claimed deliveries. */
    @Inject
    EndpointNotices endpoints;

    @Inject
    @ConfigProperty(name = "privacy.export.lifetime.hours", defaultValue = "24")
    int archiveHours;

    @Resource
    ManagedThreadFactory threads;

    private final AtomicBoolean running = new AtomicBoolean();
    private final Semaphore free = new Semaphore(WORKERS);
    private PrivacyWork work;
    private ExecutorService executor;

    @PostConstruct
    void prepare() {
        work = new PrivacyWork(archives::cipher, outbox.queue(), Duration.ofHours(archiveHours),
                endpoint -> endpoints.changes().committed(endpoint, EndpointChanges.GONE));
        executor = Executors.newFixedThreadPool(WORKERS, threads);
    }

    @PreDestroy
    void stop() {
        // A job in flight rolls back; its lease runs out and it is claimed again.
        executor.shutdownNow();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "privacy jobs")
    public void claim() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            for (ClaimedJob job : work.claim(db, free.availablePermits())) {
                free.acquireUninterruptibly();
                executor.execute(() -> run(job));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Privacy work could not be claimed; the next trigger tries again", e);
        } finally {
            running.set(false);
        }
    }

    private void run(ClaimedJob job) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            if (!work.run(db, job)) {
                LOG.warning(() -> job + " was taken over after its lease ran out; not run here");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, job + " failed; it is tried again later or given up", e);
        } finally {
            free.release();
        }
    }
}
