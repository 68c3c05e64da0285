package ai.humane.edge.boundary;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A streamed answer that fails once some of it was sent ends without the chunked terminator, so that the client sees
 * an incomplete answer, never a short one that looks whole (O6, A3). Jersey logs a failure of a stream it has already
 * committed and then closes the answer as if it were complete (eclipse-ee4j/jersey#3850): in HTTP/1.1 the
 * terminating zero-length chunk is written, and a JSON Lines or CSV export, which has no end marker of its own,
 * would look whole. So the connection is closed first, the bytes already written still sent but nothing after
 * them, and the failure rethrown. A failure before anything was written is only rethrown, and answered as a problem.
 * A client that takes the stream slower than its floor ({@link RateFloor}) is such a failure.
 * <p>
 * The close must have ended before Jersey goes on. Grizzly closes gracefully by queueing a mark behind the bytes still
 * to be sent, and closes once the mark was written; until then the connection counts as open, so Jersey's terminator
 * would be queued behind the mark and, written in the same pass, reach the client before the socket closes (measured:
 * 3 exports of 40 looked whole). So the cut waits for the graceful close, at most {@link #DRAIN}, for a client that
 * reads that slowly, and then ends the connection at once, dropping what is still queued.
 * <p>
 * The Servlet API cannot abort an answer: the connection is reached through Payara's own classes (its
 * {@code ResponseFacade} over Catalina's {@code Response} over Grizzly's), by reflection, since the application
 * cannot link to them. Should they change, the failure is logged as severe and the answer ends as Jersey ends it;
 * {@code AuditExportCutIT} notices. Behind the proxy, which speaks HTTP/1.1 to the API, the cut becomes a reset
 * stream for an HTTP/2 client.
 */
public final class CutOnFailure implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(CutOnFailure.class.getName());
    /** How long the bytes already written have to reach the client once the answer failed. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final StreamingOutput body;
    private final HttpServletResponse response;

    private CutOnFailure(StreamingOutput body, HttpServletResponse response) {
        this.body = body;
        this.response = response;
    }

    /** {@code body}, cut on {@code response}'s connection should it fail once something was written. */
    public static StreamingOutput of(StreamingOutput body, HttpServletResponse response) {
        return new CutOnFailure(body, response);
    }

    @Override
    public void write(OutputStream output) throws IOException {
        Written.write(body, RateFloor.over(output), (begun, failure) -> {
            if (begun || response.isCommitted()) {
                cut(failure);
            }
        });
    }

    /**
     * Closes the answer's connection: bytes already queued are still sent, for at most {@link #DRAIN}, then the
     * connection ends. Returns once it has, so that nothing written after is sent.
     */
    private void cut(Throwable failure) {
        try {
            Field catalina = field(response.getClass(), "response");
            catalina.setAccessible(true);
            Object grizzly = call(catalina.get(response), "getCoyoteResponse");
            Object connection = call(call(grizzly, "getRequest"), "getConnection");
            Class<?> closeable = Class.forName("org.glassfish.grizzly.Closeable", false, connection.getClass().getClassLoader());
            drained((Future<?>) closeable.getMethod("close").invoke(connection));
            closeable.getMethod("terminateSilently").invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            e.addSuppressed(failure);
            LOG.log(Level.SEVERE, "A streamed answer failed midway and its connection could not be cut: it ends as if whole", e);
        }
    }

    /** Waits, bounded, for the graceful close; the connection is ended at once afterwards in every case. */
    private static void drained(Future<?> close) {
        try {
            close.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "A cut answer's queued bytes were not all sent: its connection is ended now", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
