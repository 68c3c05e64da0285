package ai.humane.edge.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How long a request's body may take to arrive (A4): {@value #SECONDS} s from the moment the application starts to read
 * it. A read still waiting then is interrupted on its thread, which Grizzly's blocking read answers with an
 * {@link IOException} caused by an {@link InterruptedException} ({@link #cut}); the caller refuses the request.
 * <p>
 * Until 2026-12-07 Payara's {@code request-timeout-seconds=30} was this deadline, but Payara interrupts whatever the
 * request's thread is doing at 30 s, writing the answer included: an audit export or a privacy archive streamed to a
 * client slower than that was cut midway (found by a read-only review; measured by {@code AuditExportCutIT}, 3,895 of
 * 4,000 events). Payara's is off now (payara-config), and only the reading of a body is bounded, here. A client that
 * stops reading an answer altogether is still let go by Grizzly's write timeout.
 */
@ApplicationScoped
public class BodyDeadline {

    public static final int SECONDS = 30;

    private ScheduledThreadPoolExecutor alarms;

    @PostConstruct
    void open() {
        alarms = new ScheduledThreadPoolExecutor(1, work -> {
            Thread thread = new Thread(work, "humane-body-deadline");
            thread.setDaemon(true);
            return thread;
        });
        alarms.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void close() {
        alarms.shutdownNow();
    }

    /** A deadline that starts now, for every read of one request's body. */
    public Watch start() {
        return new Watch(System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS));
    }

    /** Whether {@code failure} is a read that the deadline (or the container) interrupted. */
    public static boolean cut(IOException failure) {
        return failure instanceof InterruptedIOException || failure.getCause() instanceof InterruptedException;
    }

    /** What reads a body, or part of it. */
    @FunctionalInterface
    public interface Read<T> {
        T get() throws IOException;
    }

    /** One request's deadline. */
    public final class Watch {

        private final long endsAt;

        private Watch(long endsAt) {
            this.endsAt = endsAt;
        }

        /**
         * Runs {@code read}, interrupting its thread if it is still running at the deadline. The interrupt never
         * outlives the read: when it came, it is cleared before this returns, so nothing after the read (the
         * answer's writing, a database call) sees it.
         */
        public <T> T read(Read<T> read) throws IOException {
            Alarm alarm = new Alarm(Thread.currentThread());
            long left = endsAt - System.nanoTime();
            ScheduledFuture<?> scheduled = left > 0 ? alarms.schedule(alarm::ring, left, TimeUnit.NANOSECONDS) : null;
            if (scheduled == null) {
                alarm.ring();
            }
            try {
                return read.get();
            } finally {
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
                alarm.silence();
            }
        }
    }

    /** Interrupts its reader once, unless the read has ended; locked, so that no interrupt lands after the end. */
    private static final class Alarm {

        private final Thread reader;
        private boolean ended;
        private boolean rang;

        Alarm(Thread reader) {
            this.reader = reader;
        }

        synchronized void ring() {
            if (!ended) {
                rang = true;
                reader.interrupt();
            }
        }

        synchronized void silence() {
            ended = true;
            if (rang) {
                Thread.interrupted();
            }
        }
    }
}
