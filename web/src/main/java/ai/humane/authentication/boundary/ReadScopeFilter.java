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

/**
 * A credential with the {@code read} scope alone may not change anything: every mutating request answers 403 (K1,
 * S4). That is a {@code read} API key, an access token issued from one, and a user's access token issued with
 * {@code read} only (while the account's e-mail verification was pending); until 2026-12-07 only API keys were
 * held to it, so such a user's token could write once the verification was done.
 */
@Dependent
@Provider
@Priority(FilterOrder.READ_SCOPE)
public class ReadScopeFilter implements ContainerRequestFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    SecurityContext security;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!MUTATING.contains(request.getMethod())) {
            return;
        }
        AuthenticatedCaller.of(request, security)
                .filter(caller -> !caller.mayWrite())
                .ifPresent(caller -> request.abortWith(ProblemResponse.of(403, "forbidden", "Forbidden",
                        ApiKeyIdentityStore.isApiKey(caller)
                                ? "This API key has the read scope; writes need a key with the write scope"
                                : "This access token has the read scope; writes need one issued with the write scope")
                        .build()));
    }
}
