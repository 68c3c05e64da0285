package ai.humane.problems.boundary;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * 405 {@code method-not-allowed}, with an {@code Allow} that lists what the path serves: never OPTIONS (it is
 * refused everywhere, N4), and HEAD wherever GET is served.
 */
public final class MethodNotAllowed {

    private MethodNotAllowed() {
    }

    public static Response.ResponseBuilder answer(Collection<String> methods) {
        return ProblemResponse.of(405, "method-not-allowed", "Method not allowed", "This path does not accept this method")
                .header(HttpHeaders.ALLOW, allow(methods));
    }

    static String allow(Collection<String> methods) {
        Set<String> allowed = new TreeSet<>(methods);
        allowed.remove(HttpMethod.OPTIONS);
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        return String.join(", ", allowed);
    }
}
