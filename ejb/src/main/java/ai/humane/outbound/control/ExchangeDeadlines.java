package ai.humane.outbound.control;

import java.io.Closeable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Cancels an exchange that is still running when its deadline passes (N2). HttpClient's classic API has
 * connect and per-read timeouts only, so a receiver that keeps sending a byte before each read times out
 * would hold the call for as long as it likes; cancelling the request closes its connection, which ends
 * any read or write blocked on it. One timer thread per client; it only ever cancels.
 */
final class ExchangeDeadlines implements Closeable {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, work -> {
        Thread thread = new Thread(work, "humane-outbound-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    ExchangeDeadlines() {
        // Exchanges mostly finish in time: their cancelled timers must not pile up until they would have fired.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts the clock on {@code exchange}; close the watch once the exchange is over, however it ended. */
    Watch watch(Cancellable exchange, long remainingNanos) {
        Watch watch = new Watch();
        if (remainingNanos <= 0) {
            watch.expire(exchange);
        } else {
            watch.timer = timer.schedule(() -> watch.expire(exchange), remainingNanos, TimeUnit.NANOSECONDS);
        }
        return watch;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One exchange's deadline: whether it passed, and the timer to stop when the exchange ends first. */
    static final class Watch implements AutoCloseable {

        private final AtomicBoolean expired = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private void expire(Cancellable exchange) {
            expired.set(true);
            exchange.cancel();
        }

        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            ScheduledFuture<?> running = timer;
            if (running != null) {
                running.cancel(false);
            }
        }
    }
}
