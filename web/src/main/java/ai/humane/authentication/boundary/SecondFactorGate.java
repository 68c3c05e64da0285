package ai.humane.authentication.boundary;

import ai.humane.edge.boundary.FilterOrder;
import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.sessions.control.SessionCaller;
import ai.humane.sessions.control.TokenCaller;
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
 * O6, S8: on a tenant under a BAA every member has a second factor. A member signed in without one may enrol it,
 * see who they are and sign out; every other request, reads included (end-user data above all), answers 403
 * {@code mfa-enrolment-required}. The session look-up says so on every request, so a BAA accepted on another
 * instance holds from the next request; an access token's look-up of its session says so too, so a token issued
 * before the BAA is gated alike and cannot issue itself a successor.
 */
@Dependent
@Provider
@Priority(FilterOrder.EMAIL_VERIFICATION + 1)
public class SecondFactorGate implements ContainerRequestFilter {

    private static final Set<String> ALWAYS_ALLOWED = Set.of("api/v1/auth/mfa/totp", "api/v1/auth/mfa/totp/confirm",
            "api/v1/auth/me", "api/v1/auth/logout", "api/v1/auth/switch-tenant");

    @Inject
    SecurityContext security;

    @Override
    public void filter(ContainerRequestContext request) {
        if (ALWAYS_ALLOWED.contains(request.getUriInfo().getPath())) {
            return;
        }
        security.getPrincipalsByType(TenantCaller.class).stream()
                .filter(SecondFactorGate::secondFactorMissing)
                .findFirst()
                .ifPresent(caller -> request.abortWith(ProblemResponse.of(403, "mfa-enrolment-required",
                        "Second factor required",
                        "This organisation is under a BAA: enrol a second factor at /api/v1/auth/mfa/totp first")
                        .build()));
    }

    /** A member's session, or an access token issued from one, on a BAA tenant, with no second factor enrolled. */
    private static boolean secondFactorMissing(TenantCaller caller) {
        return caller instanceof SessionCaller session && session.secondFactorMissing()
                || caller instanceof TokenCaller token && token.secondFactorMissing();
    }
}
