package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.problems.control.InvalidField.FieldError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query parameter that decodes to U+0000 ({@code %00}) is 400 {@code validation} naming it, before any route
 * sees it. PostgreSQL refuses NUL in text, so such a value reaching a statement was a 500 with a stack trace in
 * the log (the public FAQ's {@code q}, the audit log's filters), and a route that stored it would lose the
 * request; JSON bodies refuse NUL already ({@code JsonTree}), and a path holding one never gets here (the server
 * itself refuses it: 400 with an empty body). Runs before idempotency keys are claimed, so a refused request
 * stores nothing.
 */
@Provider
@PreMatching
@Priority(FilterOrder.NUL_IN_URLS)
public class NulInUrls implements ContainerRequestFilter {

    private static final String NUL = "\u0000";

    @Override
    public void filter(ContainerRequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true).entrySet()) {
            if (parameter.getKey().contains(NUL) || parameter.getValue().stream().anyMatch(v -> v.contains(NUL))) {
                errors.add(new FieldError(parameter.getKey().replace(NUL, ""), "must not contain U+0000 (NUL)"));
            }
        }
        if (!errors.isEmpty()) {
            request.abortWith(ProblemResponse.of(400, "validation", "Validation failed", "The request has invalid fields",
                    errors).build());
        }
    }
}
