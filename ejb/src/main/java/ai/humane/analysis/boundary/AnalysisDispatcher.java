package ai.humane.analysis.boundary;

import ai.humane.analysis.control.AnalysisDrain;
import ai.humane.analysis.control.AnalysisWork;
import ai.humane.analysis.control.Lexicon;
import ai.humane.analysis.control.Providers;
import ai.humane.crypto.control.FieldEncryption;
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
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs queued LLM analyses, like the webhook dispatcher runs deliveries: each instance's non-persistent
 * trigger claims due rows from PostgreSQL (SKIP LOCKED, a lease), so instances never analyse one message
 * twice at once and a restart loses nothing. Calls run on a pool of {@code llm.workers} managed threads; an
 * engine's bulkhead ({@code llm.bulkhead} calls in flight) bounds how many of them one provider may hold, a
 * tenant's share ({@code llm.tenant-concurrency}) how many all its engines together may, an analysis is claimed
 * only with a place in both and a worker free to start it, and a call that ends claims the next one at once
 * ({@link AnalysisDrain}), so a backlog keeps the bulkhead full rather than waiting for the next trigger.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed for the same reason as the webhook dispatcher: each tenant's step is its own transaction.
@TransactionManagement(TransactionManagementType.BEAN)
public class AnalysisDispatcher {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Providers providers;

    @Inject
    FieldEncryption secrets;

    /** {@code ANALYSIS=off} (bench/analysis only, refused in production): this instance analyses nothing, queued or not. */
    @Inject
    @ConfigProperty(name = "analysis", defaultValue = "on")
    String analysis;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService executor;
    private AnalysisDrain drain;

    @PostConstruct
    void prepare() {
        AnalysisWork work = new AnalysisWork(Lexicon.shared(), providers.call(), providers.guards(), providers.retries(),
                secrets::open, Clock.systemUTC());
        // The widths (LLM_WORKERS, LLM_BULKHEAD, LLM_TENANT_CONCURRENCY) were checked at boot (Providers).
        int workers = providers.workers();
        executor = Executors.newFixedThreadPool(workers, threads);
        drain = new AnalysisDrain(dataSource::getConnection, work, executor, workers);
    }

    @PreDestroy
    void stop() {
        // Calls in flight are not recorded; their leases run out and they are claimed again.
        executor.shutdownNow();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "LLM analysis dispatch")
    public void dispatch() {
        if ("on".equals(analysis)) {
            drain.dispatch();
        }
    }
}
