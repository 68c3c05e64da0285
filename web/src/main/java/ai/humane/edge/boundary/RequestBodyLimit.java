package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Refuses bodies over 1 MiB with 413 before they are read whole: a declared length over the limit
 * is refused unread, and a chunked body is read no further than one byte past the limit. A body still
 * arriving when Payara's request deadline passes is refused with 408.
 */
@Provider
@PreMatching
@Priority(FilterOrder.BODY_LIMIT)
public class RequestBodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;
    /** http request-timeout-seconds in payara-config/pre-boot-commands.asadmin. */
    static final int DEADLINE_SECONDS = 30;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getLength() > MAX_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        Optional<byte[]> arrived = arrived(request);
        if (arrived.isEmpty()) {
            request.abortWith(tooSlow());
            return;
        }
        byte[] body = arrived.get();
        if (body.length > MAX_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    /** The body up to one byte past the limit; empty when Payara's request deadline cut it off. */
    private static Optional<byte[]> arrived(ContainerRequestContext request) throws IOException {
        try {
            return Optional.of(request.getEntityStream().readNBytes(MAX_BYTES + 1));
        } catch (IOException e) {
            // Payara interrupts a request still running at its deadline (request-timeout-seconds in
            // payara-config): here, a body that trickles in too slowly.
            if (e.getCause() instanceof InterruptedException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The rest of the body stays unread, so the connection cannot carry another request: close it. */
    private static jakarta.ws.rs.core.Response tooSlow() {
        return ProblemResponse.of(408, "request-timeout", "Request timeout",
                        "The request did not arrive within " + DEADLINE_SECONDS + " s")
                .header("Connection", "close")
                .build();
    }

    /** The rest of the body stays unread, so the connection cannot carry another request: close it. */
    private static jakarta.ws.rs.core.Response tooLarge() {
        return ProblemResponse.of(413, "payload-too-large", "Payload too large", "Bodies are limited to 1 MiB")
                .header("Connection", "close")
                .build();
    }
}
