package ai.humane.authentication.boundary;

import ai.humane.edge.boundary.FilterOrder;
import ai.humane.problems.boundary.ProblemResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/** A {@code read} API key may not change anything: every mutating request answers 403 (K1). */
@Dependent
@Provider
@Priority(FilterOrder.API_KEY_SCOPE)
public class ApiKeyScopeFilter implements ContainerRequestFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    SecurityContext security;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!MUTATING.contains(request.getMethod())) {
            return;
        }
        AuthenticatedCaller.of(request, security)
                .filter(ApiKeyIdentityStore::isApiKey)
                .filter(caller -> !caller.mayWrite())
                .ifPresent(caller -> request.abortWith(ProblemResponse.of(403, "forbidden", "Forbidden",
                        "This API key has the read scope; writes need a key with the write scope").build()));
    }
}
