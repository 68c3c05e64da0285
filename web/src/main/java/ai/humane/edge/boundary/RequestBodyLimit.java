package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Refuses bodies over 1 MiB with 413 without holding them in memory: a declared length over the limit
 * is refused before any of it is kept, and a chunked body is kept no further than one byte past the
 * limit. A body still arriving {@value BodyDeadline#SECONDS} s after the filter began to read it is refused with 408
 * ({@link BodyDeadline}).
 *
 * <p>Before the 413 goes out, the rest of a body of up to {@link #DRAINED_BYTES} is read and thrown away.
 * A server that answers and closes while the client is still sending leaves unread bytes in its socket,
 * so the kernel resets the connection, and the reset can destroy the answer before the client reads it:
 * the client sees a broken connection instead of the 413 (a lingering close, as web servers do it). A
 * larger body is not waited for. Either way the connection is closed after the 413 (Grizzly closes it
 * after a 413 whatever the header says).
 */
@Dependent
@Provider
@PreMatching
@Priority(FilterOrder.BODY_LIMIT)
public class RequestBodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;
    /** The most a refused body is read (and discarded) so that its 413 reaches the client. */
    static final int DRAINED_BYTES = 4 * MAX_BYTES;

    @Inject
    BodyDeadline deadline;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        int declared = request.getLength();
        BodyDeadline.Watch watch = deadline.start();
        if (declared > MAX_BYTES) {
            if (declared <= DRAINED_BYTES) {
                discard(watch, request, declared);
            }
            request.abortWith(tooLarge());
            return;
        }
        Optional<byte[]> arrived = arrived(watch, request);
        if (arrived.isEmpty()) {
            request.abortWith(tooSlow());
            return;
        }
        byte[] body = arrived.get();
        if (body.length == 0) {
            return;
        }
        if (body.length > MAX_BYTES) {
            discard(watch, request, DRAINED_BYTES - body.length);
            request.abortWith(tooLarge());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    /**
     * The body up to one byte past the limit (empty when there is none); nothing when it did not arrive within the
     * deadline. Asking whether there is a body at all reads its first byte, so that is under the deadline too.
     */
    private static Optional<byte[]> arrived(BodyDeadline.Watch watch, ContainerRequestContext request) throws IOException {
        try {
            return Optional.of(watch.read(() -> request.hasEntity()
                    ? request.getEntityStream().readNBytes(MAX_BYTES + 1) : new byte[0]));
        } catch (IOException e) {
            if (BodyDeadline.cut(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The rest of the body stays unread, so the connection cannot carry another request: close it. */
    private static jakarta.ws.rs.core.Response tooSlow() {
        return ProblemResponse.of(408, "request-timeout", "Request timeout",
                        "The request did not arrive within " + BodyDeadline.SECONDS + " s")
                .header("Connection", "close")
                .build();
    }

    /**
     * Reads and throws away the rest of the body, at most {@code most} bytes, within the request's deadline; a broken
     * connection ends it too.
     */
    private static void discard(BodyDeadline.Watch watch, ContainerRequestContext request, long most) {
        try {
            watch.read(() -> {
                request.getEntityStream().skipNBytes(most);
                return null;
            });
        } catch (IOException endedBrokenOrTooSlow) {
            // The end of the body (EOFException) comes before `most` bytes in the usual case; nothing to save
            // either way: the 413 is written, or fails to be.
        }
    }

    /** Whatever was read, the connection does not carry another request: close it. */
    private static jakarta.ws.rs.core.Response tooLarge() {
        return ProblemResponse.of(413, "payload-too-large", "Payload too large", "Bodies are limited to 1 MiB")
                .header("Connection", "close")
                .build();
    }
}
