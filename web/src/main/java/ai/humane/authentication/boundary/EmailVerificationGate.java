package ai.humane.authentication.boundary;

import ai.humane.edge.boundary.FilterOrder;
import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * S7: an account created from an address never seen before may read, but every write answers 403
 * until its e-mail is verified, except the few that end the session or verify the address, and the asking for an
 * access token, which is then read-only ({@code AccessTokensResource}, {@code ReadScopeFilter}): it writes nothing,
 * and reads are what the account may do (until 2026-12-07 refused here, so the read-only token was never issued).
 */
@Dependent
@Provider
@Priority(FilterOrder.EMAIL_VERIFICATION)
public class EmailVerificationGate implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> ALWAYS_ALLOWED = Set.of("api/v1/auth/verify-email", "api/v1/auth/logout",
            "api/v1/auth/switch-tenant", "api/v1/auth/token");

    @Inject
    SecurityContext security;

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || ALWAYS_ALLOWED.contains(request.getUriInfo().getPath())) {
            return;
        }
        AuthenticatedCaller.of(request, security)
                .filter(TenantCaller::verificationPending)
                .ifPresent(caller -> request.abortWith(ProblemResponse.of(403, "email-verification-required",
                        "E-mail verification required",
                        "This account was created from a new address: verify the e-mail before changing anything")
                        .build()));
    }
}
