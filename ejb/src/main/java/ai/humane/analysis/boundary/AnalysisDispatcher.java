package ai.humane.analysis.boundary;

import ai.humane.analysis.control.AnalysisWork;
import ai.humane.analysis.control.ClaimedAnalysis;
import ai.humane.analysis.control.Lexicon;
import ai.humane.analysis.control.Providers;
import ai.humane.crypto.control.FieldEncryption;
import io.github.resilience4j.bulkhead.Bulkhead;
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
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs queued LLM analyses, like the webhook dispatcher runs deliveries: each instance's non-persistent
 * trigger claims due rows from PostgreSQL (SKIP LOCKED, a lease), so instances never analyse one message
 * twice at once and a restart loses nothing. Calls run on a pool of managed threads; an engine's bulkhead
 * bounds how many of them one provider may hold, and its analyses stay unclaimed while it is full.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed for the same reason as the webhook dispatcher: each tenant's step is its own transaction.
@TransactionManagement(TransactionManagementType.BEAN)
public class AnalysisDispatcher {

    private static final Logger LOG = Logger.getLogger(AnalysisDispatcher.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Providers providers;

    @Inject
    FieldEncryption secrets;

    @Inject
    @ConfigProperty(name = "llm.workers", defaultValue = "16")
    int workers;

    @Resource
    ManagedThreadFactory threads;

    private final AtomicBoolean running = new AtomicBoolean();
    private AnalysisWork work;
    private ExecutorService executor;

    @PostConstruct
    void prepare() {
        work = new AnalysisWork(Lexicon.shared(), providers.call(), providers.guards(), providers.retries(), secrets::open,
                Clock.systemUTC());
        executor = Executors.newFixedThreadPool(Math.max(1, workers), threads);
    }

    @PreDestroy
    void stop() {
        // Calls in flight are not recorded; their leases run out and they are claimed again.
        executor.shutdownNow();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "LLM analysis dispatch")
    public void dispatch() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            long claimedAt = System.nanoTime();
            for (ClaimedAnalysis job : work.claim(db, providers.guards().full())) {
                Bulkhead bulkhead = job.message().engineId() == null ? null : providers.guards().bulkhead(job.message().engineId());
                if (bulkhead == null || bulkhead.tryAcquirePermission()) {
                    executor.execute(() -> analyse(job, bulkhead, claimedAt));
                } else {
                    work.release(db, job);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Analysis dispatch failed; the next trigger tries again", e);
        } finally {
            running.set(false);
        }
    }

    private void analyse(ClaimedAnalysis job, Bulkhead bulkhead, long claimedAt) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            // Waited past half the lease: hand it back untried, another instance may take it over soon.
            if (System.nanoTime() - claimedAt >= AnalysisWork.LEASE.toNanos() / 2) {
                work.release(db, job);
            } else if (!work.run(db, job)) {
                LOG.warning(() -> job + " finished after its lease ran out; another instance may analyse it again");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, job + " could not be recorded; its lease runs out and it is tried again", e);
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
            if (!executor.isShutdown()) {
                executor.execute(this::dispatch);
            }
        }
    }
}
