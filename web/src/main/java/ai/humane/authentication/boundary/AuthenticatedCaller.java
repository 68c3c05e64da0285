package ai.humane.authentication.boundary;

import ai.humane.tenancy.control.TenantCaller;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * The tenant caller that {@link CredentialMechanism} established for a request, asked of the security context once and
 * kept on the request for the filters after. Nothing changes it while the request runs: the mechanism decides before
 * JAX-RS sees the request, and a sign-in sets a cookie for the next request, never a caller for its own. Soteria finds
 * the caller through JACC's subject on every call (about 2 µs each, bench/edge-chain): the rate limit, the security
 * headers and the access log ask on every request, the idempotency, API-key scope and e-mail verification filters
 * on a write as well, and role denials when they audit one.
 */
public final class AuthenticatedCaller {

    private static final String PROPERTY = AuthenticatedCaller.class.getName();

    private AuthenticatedCaller() {
    }

    public static Optional<TenantCaller> of(ContainerRequestContext request, SecurityContext security) {
        if (request.getProperty(PROPERTY) instanceof Known known) {
            return known.caller();
        }
        Optional<TenantCaller> caller = security.getPrincipalsByType(TenantCaller.class).stream().findFirst();
        request.setProperty(PROPERTY, new Known(caller));
        return caller;
    }

    /** A caller looked up, or looked up and absent. */
    private record Known(Optional<TenantCaller> caller) {
    }
}
