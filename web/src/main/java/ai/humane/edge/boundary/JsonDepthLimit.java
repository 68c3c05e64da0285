package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Refuses JSON nested deeper than 64 levels with 400 before any parser recurses into it. Runs after
 * the body limit, so the body is at most 1 MiB and already in memory; one pass counts brackets outside
 * strings.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 400)
public class JsonDepthLimit implements ContainerRequestFilter {

    static final int MAX_DEPTH = 64;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        MediaType type = request.getMediaType();
        if (!request.hasEntity() || type == null || !type.getSubtype().toLowerCase().endsWith("json")) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        if (depth(body) > MAX_DEPTH) {
            request.abortWith(ProblemResponse.of(400, "malformed-json", "Malformed JSON",
                    "JSON may be nested at most " + MAX_DEPTH + " levels deep").build());
        }
    }

    /** The deepest nesting of objects and arrays; stops counting once past the limit. */
    static int depth(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length && deepest <= MAX_DEPTH; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }
}
