package ai.humane.sessions.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BaaSafeguards;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.sessions.control.OpenedThrough;
import ai.humane.sessions.control.PersonSession;
import ai.humane.sessions.control.SessionPolicy;
import ai.humane.sessions.entity.UserSession;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.json.control.JsonP;
import ai.humane.accounts.control.InvalidCredentials;
import ai.humane.accounts.control.PasswordStanding;
import ai.humane.sessions.control.ConnectionStanding;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Opens, slides, lists and revokes sessions (S3). Every open makes a new id: no fixation. */
@Stateless
public class Sessions {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    /**
     * A session a tenant's identity provider (SAML, the tenant's OIDC connection) vouched for: it stays in its tenant
     * (V26), and ends when {@code connection} is deleted, disabled or re-pointed ({@link #endOpenedThrough}; null for a
     * challenge written before V59, which names none). Opened only while the connection stands, read locked
     * ({@link ConnectionStanding}): the one check for every way such a session opens (a code's answer, a confirmation,
     * the sign-in itself).
     */
    public OpenedSession openThrough(UUID tenant, UUID user, UUID connection, String clientIp, String userAgent) {
        TenantScope.enter(em, tenant);
        if (connection != null && !ConnectionStanding.holds(em, connection)) {
            // Deleted, disabled or re-pointed since the sign-in began: what it vouched for is not taken (V59).
            throw new InvalidCredentials();
        }
        return open(tenant, user, clientIp, userAgent, false, connection);
    }

    /**
     * Ends every session that the tenant's own SSO connection {@code connection} (a row of {@code resourceType}) opened,
     * and spends its challenges still waiting for a code or a confirmation (V59), in the caller's transaction and tenant,
     * as the connection is deleted, disabled or pointed at another provider ({@code because}): what a provider no longer
     * trusted vouched for must not outlive that. Audited {@code sso.sessions_ended} with the count when any ended; the
     * caller has written the connection's change first, so its row lock orders this against a sign-in relying on it
     * ({@code ConnectionStanding}).
     */
    public int endOpenedThrough(UUID connection, String resourceType, String because) {
        return ended(OpenedThrough::end, connection, resourceType, connection.toString(), because);
    }

    /**
     * Ends what the tenant's own connections opened for the people of e-mail {@code domain}, and spends what they began,
     * as the tenant's proof of the domain (the row {@code domainId}) is deleted: a connection vouches only for its
     * tenant's verified domains. Audited {@code sso.sessions_ended} when any ended; the caller has deleted the proof
     * first, so its row lock orders this against a sign-in that read it ({@code SsoSignIn}).
     */
    public int endOpenedForDomain(String domain, UUID domainId) {
        return ended(OpenedThrough::endForDomain, domain, "sso_domain", domainId.toString(), "domain_deleted");
    }

    private <T> int ended(Ending<T> ending, T of, String resourceType, String resourceId, String because) {
        int ended;
        try {
            ended = ending.end(em.unwrap(Connection.class), of);
        } catch (SQLException e) {
            throw new IllegalStateException("What " + resourceType + " " + resourceId + " vouched for could not be ended", e);
        }
        if (ended > 0) {
            audit.record("sso.sessions_ended", resourceType, resourceId, null,
                    JsonP.createObjectBuilder().add("sessions_ended", ended).add("because", because).build());
        }
        return ended;
    }

    @FunctionalInterface
    private interface Ending<T> {
        int end(Connection tx, T of) throws SQLException;
    }

    /**
     * A session a credential of the person opened: the password (and second factor), or a global provider (Google)
     * that vouches for the person, not for a tenant. It may change tenant among theirs; each switch asks what a
     * sign-in to the target would (its rules, the person's second factor).
     */
    public OpenedSession openForPerson(UUID tenant, UUID user, String clientIp, String userAgent) {
        TenantScope.enter(em, tenant);
        return open(tenant, user, clientIp, userAgent, true, null);
    }

    /** As {@link #openForPerson}, for a password sign-in: only while {@code verified} is still the person's password. */
    public OpenedSession openWithPassword(UUID tenant, UUID user, String verified, String clientIp, String userAgent) {
        TenantScope.enter(em, tenant);
        PasswordStanding.require(em, user, verified);
        return open(tenant, user, clientIp, userAgent, true, null);
    }

    /** Opens the session; the caller has entered {@code tenant}'s scope (each checks what it needs there first). */
    private OpenedSession open(UUID tenant, UUID user, String clientIp, String userAgent, boolean forPerson,
                               UUID connection) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OpaqueToken token = OpaqueToken.generate();
        OpaqueToken csrf = OpaqueToken.generate();
        boolean baa = underBaa(tenant);
        UserSession session = new UserSession(user, token.hash(), csrf.hash(), now, now.plus(SessionPolicy.sliding(baa)),
                now.plus(SessionPolicy.absolute(baa)), clientIp, truncate(userAgent));
        if (forPerson) {
            session.openedForPerson();
        }
        if (connection != null) {
            session.openedThrough(connection);
        }
        em.persist(session);
        em.flush();
        markActive(user);
        return new OpenedSession(session.id(), token, csrf, session.expiresAt(), session.absoluteExpiresAt());
    }

    /** The membership the person used last is the one their next sign-in opens. */
    public void markActive(UUID user) {
        em.createNativeQuery("UPDATE users SET last_active_at = now() WHERE id = ?1")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, user).executeUpdate();
    }

    /**
     * Slides the caller's session in {@code tenant}, where it is now; answers its two ends, for its cookies, or none
     * when it is no longer there (ended, or moved, by another request since this one was let in).
     */
    public Optional<Ends> slide(UUID tenant, UUID sessionId) {
        TenantScope.enter(em, tenant);
        UserSession session = em.find(UserSession.class, sessionId);
        if (session == null) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        session.slide(now, now.plus(SessionPolicy.sliding(underBaa(tenant))));
        return Optional.of(new Ends(session.expiresAt(), session.absoluteExpiresAt()));
    }

    /** When a session ends unless used again ({@code idle}), and when it ends however it is used. */
    public record Ends(OffsetDateTime idle, OffsetDateTime absolute) {
    }

    /**
     * A tenant under a BAA (O6) keeps its sessions short: read fresh, as another instance may have accepted it, and
     * settled against an acceptance running at this moment ({@link BaaSafeguards#standing}).
     */
    private boolean underBaa(UUID tenant) {
        return BaaSafeguards.standing(em, tenant);
    }

    /**
     * The caller's own live sessions, newest first: those of the person behind the caller's membership in every tenant
     * of theirs (V55), as a session may have been switched into another; none for an API key. Asked from a session
     * a tenant's own connection opened ({@code calling}, not {@link UserSession#forPerson}), only that tenant's: such
     * a session vouches for its tenant only, and the provider's owner must not see or end the person's sessions
     * elsewhere (a review, 2026-12-07).
     */
    public List<PersonSession> mine(UUID calling) {
        TenantCaller caller = callerInScope();
        boolean tenantOnly = !openedForPerson(calling);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, tenant_id, created_at, refreshed_at, expires_at,"
                        + " client_ip, user_agent FROM person_sessions(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, caller.actorId()).getResultList();
        return rows.stream().map(r -> new PersonSession(uuid(r[0]), uuid(r[1]), instant(r[2]), instant(r[3]),
                        instant(r[4]), (String) r[5], (String) r[6]))
                .filter(s -> !tenantOnly || s.tenantId().equals(caller.tenantId())).toList();
    }

    /**
     * Whether the session {@code id}, of the tenant in scope, was opened by a credential of the person (a password, or
     * Google), which may act for the person across their tenants; a tenant's own connection's session (or none) may not.
     */
    public boolean openedForPerson(UUID id) {
        UserSession session = id == null ? null : em.find(UserSession.class, id);
        return session != null && session.forPerson();
    }

    /**
     * Revokes one of the caller's own live sessions, in whichever tenant of the person it is (V55); any other (another
     * person's, or one already ended) is not found. Audited in the caller's tenant and, when the session was in
     * another, there too as the person's membership there: each tenant's log shows what ended its sessions. From a
     * session a tenant's own connection opened ({@code calling}), only that tenant's sessions are found (as
     * {@link #mine}).
     */
    public void revoke(UUID sessionId, UUID calling) {
        TenantCaller caller = callerInScope();
        if (!openedForPerson(calling) && mine(calling).stream().noneMatch(s -> s.id().equals(sessionId))) {
            throw new NotFound("Session " + sessionId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, user_id FROM person_session_revoke(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, caller.actorId()).setParameter(2, sessionId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Session " + sessionId);
        }
        audit.record("session.revoked", "session", sessionId.toString(), null, null);
        UUID tenant = uuid(rows.get(0)[0]);
        if (!tenant.equals(caller.tenantId())) {
            TenantScope.enter(em, tenant);
            audit.record(AuditActor.user(uuid(rows.get(0)[1])), "session.revoked", "session", sessionId.toString(),
                    null, null);
        }
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
    }

    /** Revokes every live session of a user but {@code keep} (null: all of them). */
    public int revokeAll(UUID tenant, UUID user, UUID keep) {
        TenantScope.enter(em, tenant);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<UserSession> live = em.createNamedQuery(UserSession.OF_USER, UserSession.class)
                .setParameter("userId", user).getResultList();
        live.stream().filter(s -> !s.id().equals(keep)).forEach(s -> s.revoke(now));
        return (int) live.stream().filter(s -> !s.id().equals(keep)).count();
    }

    /**
     * Ends every session of the person behind membership {@code user} of {@code tenant}, in every tenant, but
     * {@code keep} (one password and one second factor for all their tenants: V26, V27); answers how many ended.
     */
    public int revokeAllOfPerson(UUID tenant, UUID user, UUID keep) {
        TenantScope.enter(em, tenant);
        return ((Number) em.createNativeQuery("SELECT person_sessions_revoke(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, user).setParameter(2, keep).getSingleResult()).intValue();
    }

    private TenantCaller callerInScope() {
        TenantCaller caller = TenantCaller.of(security);
        TenantScope.enter(em, caller.tenantId());
        return caller;
    }

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }
}
