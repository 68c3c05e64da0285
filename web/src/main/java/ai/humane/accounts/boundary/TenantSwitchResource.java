package ai.humane.accounts.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.problems.control.Forbidden;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.SessionCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * Changes the active tenant of the caller's session (V26): only a session cookie moves; API keys and access tokens
 * stay bound to the tenant they were issued in. A tenant the person is not a member of is not found.
 */
@Dependent
@Path(HumaneApi.V1 + "auth/switch-tenant")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantSwitchResource {

    @Inject
    TenantSwitches switches;

    @Inject
    SecurityContext security;

    @Inject
    RequestOrigin origin;

    @Inject
    Sessions sessions;

    @Inject
    SessionCookies cookies;

    /**
     * Moves the session and sends its cookies again with the ends it has in the tenant it moved to (O6: shorter under
     * a BAA), so that the browser forgets them when the server would refuse them anyway.
     */
    @POST
    public Switched switchTenant(@Valid @NotNull TenantChoice body, @Context HttpServletRequest request,
                                 @Context HttpServletResponse response) {
        SessionCaller caller = security.getPrincipalsByType(SessionCaller.class).stream().findFirst()
                .orElseThrow(() -> new Forbidden("Only a signed-in session changes tenant: API keys and access tokens"
                        + " stay in theirs"));
        Memberships.Membership now = switches.switchTo(caller.tenantId(), caller.actorId(), caller.sessionId(),
                body.tenantId(), body.code(), origin.ip());
        String session = SessionCookies.sent(request, SessionCookies.SESSION);
        String csrf = SessionCookies.sent(request, SessionCookies.CSRF);
        if (session != null && csrf != null) { // both there for any session caller past the CSRF check
            sessions.slide(now.tenantId(), caller.sessionId()).map(ends -> cookies.moved(session, csrf, ends))
                    .ifPresent(again -> {
                        // Replaces the slide SessionGuard may have sent with the tenant left's lifetime: one cookie
                        // of a name per answer (RFC 6265).
                        response.setHeader("Set-Cookie", again.get(0));
                        response.addHeader("Set-Cookie", again.get(1));
                    });
        }
        return new Switched(now.tenantId(), now.name(), now.role().value(), now.userId());
    }

    /** {@code code}: the authenticator's code or a recovery code, when the membership there has a second factor. */
    public record TenantChoice(@NotNull UUID tenantId, @Size(max = 32) String code) {
    }

    public record Switched(UUID activeTenantId, String name, String role, UUID userId) {
    }
}
