package ai.humane.analysis.control;

import ai.humane.webhooks.control.Rounds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The analysis dispatcher's rounds, without the container: a round claims the due analyses that have a place in
 * their engine's bulkhead and runs each on {@code executor}; a call that ends gives its place back and asks for
 * another round at once, so an engine with a backlog keeps its bulkhead full.
 *
 * <p>Rounds never overlap and none asked for is dropped ({@link Rounds}, shared with the webhook dispatcher).
 *
 * <p>A call holds no connection while the provider thinks: one is taken to record the outcome, so the
 * connections an engine holds are bounded by its recording, not by its provider's latency.
 */
public final class AnalysisDrain {

    private static final Logger LOG = Logger.getLogger(AnalysisDrain.class.getName());

    /** Where connections come from: the application's pool, or a test's database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final AnalysisWork work;
    private final ExecutorService executor;
    private final Rounds rounds = new Rounds(this::round);

    public AnalysisDrain(Connections connections, AnalysisWork work, ExecutorService executor) {
        this.connections = connections;
        this.work = work;
        this.executor = executor;
    }

    /** Runs rounds on the calling thread until none is asked for, or leaves that to the thread already doing so. */
    public void dispatch() {
        rounds.ask();
    }

    private void round() {
        long claimedAt = System.nanoTime();
        List<ClaimedAnalysis> jobs;
        try (Connection db = connections.open()) {
            db.setAutoCommit(true);
            jobs = work.claim(db);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Analysis dispatch failed; the next trigger tries again", e);
            return;
        }
        for (ClaimedAnalysis job : jobs) {
            try {
                executor.execute(() -> analyse(job, claimedAt));
            } catch (RejectedExecutionException e) {
                // Shutting down: the lease runs out and another instance, or the next start, claims it.
                work.leave(job);
            }
        }
    }

    private void analyse(ClaimedAnalysis job, long claimedAt) {
        try {
            // Waited past half the lease: hand it back untried, another instance may take it over soon.
            if (System.nanoTime() - claimedAt >= AnalysisWork.LEASE.toNanos() / 2) {
                try (Connection db = connections.open()) {
                    db.setAutoCommit(true);
                    work.release(db, job);
                }
                return;
            }
            AnalysisWork.Result result = work.attempt(job);
            try (Connection db = connections.open()) {
                db.setAutoCommit(true);
                if (!work.record(db, job, result)) {
                    LOG.warning(() -> job + " finished after its lease ran out; another instance may analyse it again");
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, job + " could not be recorded; its lease runs out and it is tried again", e);
        } finally {
            work.leave(job);
            if (!executor.isShutdown()) {
                dispatch();
            }
        }
    }
}
