package ai.humane.problems.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Refuses bodies over 1 MiB with 413 before they are read whole: a declared length over the limit
 * is refused unread, and a chunked body is read no further than one byte past the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public class RequestBodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getLength() > MAX_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        byte[] body = request.getEntityStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    /** The rest of the body stays unread, so the connection cannot carry another request: close it. */
    private static jakarta.ws.rs.core.Response tooLarge() {
        return ProblemResponse.of(413, "payload-too-large", "Payload too large", "Bodies are limited to 1 MiB")
                .header("Connection", "close")
                .build();
    }
}
