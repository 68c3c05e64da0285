package ai.humane.analysis.control;

import ai.humane.dispatch.control.Rounds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The analysis dispatcher's rounds, without the container: a round claims the due analyses that have a place in
 * their engine's bulkhead and their tenant's share and runs each on {@code executor}; a call that ends gives its
 * places back and asks for another round at once, so an engine with a backlog keeps its bulkhead full.
 *
 * <p>A round claims no more than there are workers free ({@code workers}, the executor's threads, less those holding
 * a claimed analysis), so a claimed analysis starts at once, or, claimed by the round of a worker whose call just
 * ended, once that round is over. Before, claims queued in the executor behind calls to a slow provider, were handed
 * back untried past half their lease and claimed again behind the same calls, for as long as one tenant's slow
 * engines kept the workers.
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
    /** Workers not running a claimed analysis: only rounds take them, and rounds never overlap. */
    private final Semaphore free;
    private final Rounds rounds = new Rounds(this::round);

    /** {@code executor} has at least {@code workers} threads, and runs nothing else. */
    public AnalysisDrain(Connections connections, AnalysisWork work, ExecutorService executor, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("the analysis drain needs at least one worker");
        }
        this.connections = connections;
        this.work = work;
        this.executor = executor;
        this.free = new Semaphore(workers);
    }

    /** Runs rounds on the calling thread until none is asked for, or leaves that to the thread already doing so. */
    public void dispatch() {
        rounds.ask();
    }

    private void round() {
        int room = free.availablePermits();
        if (room == 0) {
            // Every worker runs a call: the first to end gives its worker back and asks again.
            return;
        }
        try (Connection db = connections.open()) {
            db.setAutoCommit(true);
            work.claim(db, room, this::start);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Analysis dispatch failed; the next trigger tries again", e);
        }
    }

    private void start(ClaimedAnalysis job, long claimedAt) {
        // Never blocks: the claim took no more than the room counted at the round's start, which only grows meanwhile.
        free.acquireUninterruptibly();
        try {
            executor.execute(() -> analyse(job, claimedAt));
        } catch (RejectedExecutionException e) {
            // Shutting down: the lease runs out and another instance, or the next start, claims it.
            work.leave(job);
            free.release();
        }
    }

    private void analyse(ClaimedAnalysis job, long claimedAt) {
        try {
            // Waited too long to start (a stalled machine): hand it back untried rather than call on what the claim read.
            if (System.nanoTime() - claimedAt >= AnalysisWork.STALE_AFTER.toNanos()) {
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
            free.release();
            if (!executor.isShutdown()) {
                dispatch();
            }
        }
    }
}
