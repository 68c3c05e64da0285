package ai.humane.sessions.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BaaSafeguards;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.sessions.control.SessionPolicy;
import ai.humane.sessions.entity.UserSession;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

    /** A session a tenant's identity provider (SAML, the tenant's OIDC connection) vouched for: it stays in its tenant (V26). */
    public OpenedSession open(UUID tenant, UUID user, String clientIp, String userAgent) {
        return open(tenant, user, clientIp, userAgent, false);
    }

    /**
     * A session a credential of the person opened: the password (and second factor), or a global provider (Google)
     * that vouches for the person, not for a tenant. It may change tenant among theirs; each switch asks what a
     * sign-in to the target would (its rules, the person's second factor).
     */
    public OpenedSession openForPerson(UUID tenant, UUID user, String clientIp, String userAgent) {
        return open(tenant, user, clientIp, userAgent, true);
    }

    private OpenedSession open(UUID tenant, UUID user, String clientIp, String userAgent, boolean forPerson) {
        TenantScope.enter(em, tenant);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OpaqueToken token = OpaqueToken.generate();
        OpaqueToken csrf = OpaqueToken.generate();
        boolean baa = underBaa(tenant);
        UserSession session = new UserSession(user, token.hash(), csrf.hash(), now, now.plus(SessionPolicy.sliding(baa)),
                now.plus(SessionPolicy.absolute(baa)), clientIp, truncate(userAgent));
        if (forPerson) {
            session.openedForPerson();
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

    /** Slides the caller's session; answers its new expiry. */
    public OffsetDateTime slide(UUID tenant, UUID sessionId) {
        TenantScope.enter(em, tenant);
        UserSession session = em.find(UserSession.class, sessionId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        session.slide(now, now.plus(SessionPolicy.sliding(underBaa(tenant))));
        return session.expiresAt();
    }

    /**
     * A tenant under a BAA (O6) keeps its sessions short: read fresh, as another instance may have accepted it, and
     * settled against an acceptance running at this moment ({@link BaaSafeguards#standing}).
     */
    private boolean underBaa(UUID tenant) {
        return BaaSafeguards.standing(em, tenant);
    }

    /** The caller's own live sessions. */
    public List<UserSession> mine() {
        TenantCaller caller = callerInScope();
        return em.createNamedQuery(UserSession.OF_USER, UserSession.class)
                .setParameter("userId", caller.actorId()).getResultList();
    }

    /** Revokes one of the caller's own sessions; another user's is not found. */
    public void revoke(UUID sessionId) {
        TenantCaller caller = callerInScope();
        UserSession session = em.find(UserSession.class, sessionId);
        if (session == null || !session.userId().equals(caller.actorId())) {
            throw new NotFound("Session " + sessionId);
        }
        session.revoke(OffsetDateTime.now(ZoneOffset.UTC));
        audit.record("session.revoked", "session", sessionId.toString(), null, null);
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
