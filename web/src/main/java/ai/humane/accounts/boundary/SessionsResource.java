package ai.humane.accounts.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.SessionCaller;
import ai.humane.sessions.control.PersonSession;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The signed-in caller's own account: who they are, their sessions, their password, signing out. With an access
 * token, "this session" is the session the token was issued from: signing out with it ends that session and so
 * every token issued from it, and a password change keeps it.
 */
@Dependent
@Path(HumaneApi.V1 + "auth")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    Sessions sessions;

    @Inject
    Passwords passwords;

    @Inject
    SessionCookies cookies;

    @Inject
    SecurityContext security;

    @Inject
    Memberships memberships;

    @Inject
    SecondFactors secondFactors;

    @Inject
    Accounts accounts;

    @Inject
    RequestOrigin origin;

    @GET
    @Path("me")
    public Me me() {
        TenantCaller caller = TenantCaller.of(security);
        boolean user = caller.kind() == TenantCaller.Kind.USER;
        return new Me(caller.actorId(), caller.kind().name().toLowerCase(java.util.Locale.ROOT), caller.tenantId(),
                caller.role().value(), caller.mayWrite() ? List.of("read", "write") : List.of("read"),
                caller.verificationPending(), caller.tenantId(), tenantsOf(caller), ssoSession(caller),
                user && secondFactors.enabled(caller.tenantId(), caller.actorId()),
                user && accounts.hasPassword(caller.tenantId(), caller.actorId()));
    }

    /** A cookie session a tenant's identity provider opened: it cannot switch tenant (the console says so). */
    private boolean ssoSession(TenantCaller caller) {
        return security.getPrincipalsByType(SessionCaller.class).stream().findFirst()
                .map(cookie -> memberships.openedBySingleSignOn(caller.tenantId(), cookie.sessionId())).orElse(false);
    }

    /**
     * A signed-in person's tenants (V26); an API key, or a token whose session has moved on, knows only its own.
     * The role in the active tenant is the caller's (a token's may be less than the membership's).
     */
    private List<TenantView> tenantsOf(TenantCaller caller) {
        List<Memberships.Membership> all = SessionCaller.signedInWith(security)
                .map(s -> memberships.of(caller.tenantId(), s)).orElse(List.of());
        if (all.stream().noneMatch(m -> m.tenantId().equals(caller.tenantId()))) {
            return List.of(new TenantView(caller.tenantId(), tenantName(caller.tenantId()), caller.role().value()));
        }
        return all.stream().map(m -> new TenantView(m.tenantId(), m.name(),
                m.tenantId().equals(caller.tenantId()) ? caller.role().value() : m.role().value())).toList();
    }

    private String tenantName(UUID tenant) {
        return memberships.tenantName(tenant);
    }

    @POST
    @Path("logout")
    public Response logout() {
        SessionCaller.signedInWith(security).ifPresent(session -> sessions.revoke(session, session));
        Response.ResponseBuilder answer = Response.noContent();
        cookies.clear().forEach(cookie -> answer.header("Set-Cookie", cookie));
        return answer.build();
    }

    @GET
    @Path("sessions")
    public List<SessionView> list() {
        UUID current = SessionCaller.signedInWith(security).orElse(null);
        return sessions.mine(current).stream().map(s -> view(s, current)).toList();
    }

    @DELETE
    @Path("sessions/{id}")
    public Response revoke(@PathParam("id") UUID id) {
        sessions.revoke(id, SessionCaller.signedInWith(security).orElse(null));
        return Response.noContent().build();
    }

    @POST
    @Path("password")
    public Response changePassword(@Valid @NotNull PasswordChange body) {
        TenantCaller caller = TenantCaller.of(security);
        if (caller.kind() != TenantCaller.Kind.USER) {
            throw new InvalidField("credential", "only a signed-in user has a password to change");
        }
        passwords.changePassword(caller, SessionCaller.signedInWith(security).orElse(null), body.currentPassword(),
                body.newPassword(), origin.ip());
        return Response.noContent().build();
    }


    private static SessionView view(PersonSession session, UUID current) {
        return new SessionView(session.id(), session.tenantId(), session.createdAt(), session.refreshedAt(),
                session.expiresAt(), session.clientIp(), session.userAgent(), session.id().equals(current));
    }

    /**
     * {@code tenant_id} and {@code active_tenant_id} are the same: the first kept for existing clients.
     * {@code sso_session}: the caller's session cookie was opened by a tenant's identity provider, so it stays in its tenant.
     * {@code second_factor_enabled}: the member has a TOTP second factor on (always false for an API key).
     * {@code has_password}: the member has a password, which a change to the second factor asks for (false: signed in
     * through SSO only, or an API key).
     */
    public record Me(UUID id, String kind, UUID tenantId, String role, List<String> scopes, boolean verificationRequired,
                     UUID activeTenantId, List<TenantView> tenants, boolean ssoSession, boolean secondFactorEnabled,
                     boolean hasPassword) {
    }

    public record TenantView(UUID id, String name, String role) {
    }

    /** {@code tenant_id}: the tenant the session is active in, one of the person's (V55). */
    public record SessionView(UUID id, UUID tenantId, Instant createdAt, Instant lastRefreshedAt, Instant expiresAt,
                              String clientIp, String userAgent, boolean current) {
    }

    public record PasswordChange(@NotNull @Size(max = 1024) String currentPassword,
                                 @NotNull @Size(max = 1024) String newPassword) {
    }
}
