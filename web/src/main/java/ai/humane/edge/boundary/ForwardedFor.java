package ai.humane.edge.boundary;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A servlet request's {@code X-Forwarded-For}, every line of it, as JAX-RS reads it for the API's requests
 * ({@code RequestOriginFilter}). {@code getHeader} answers the first line only: behind a proxy that adds a line of its
 * own rather than appending to the client's, the line a client wrote would be the one read, and the trusted proxies
 * are counted from the right of the whole list ({@code TrustedProxies}).
 */
public final class ForwardedFor {

    private ForwardedFor() {
    }

    /** The lines joined with commas, in order; null when there is none. */
    public static String of(HttpServletRequest request) {
        Enumeration<String> lines = request.getHeaders("X-Forwarded-For");
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        return String.join(",", Collections.list(lines));
    }
}
