package ai.humane.accounts.boundary;

import ai.humane.accounts.control.SignInTooOld;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BaaSafeguards;
import ai.humane.problems.control.Forbidden;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.entity.UserSession;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * A person's memberships as their session sees them (V26): the tenants it may list and move to. Every look-up
 * starts from a live session of the current tenant, through the two SECURITY DEFINER functions that answer only
 * that session's person.
 */
@Stateless
public class Memberships {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    /** The person's tenants, by name; empty when the session is not (or no longer) the current tenant's. */
    public List<Membership> of(UUID tenant, UUID session) {
        TenantScope.enter(em, tenant);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, name, user_id, role FROM person_tenants(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, session).getResultList();
        return rows.stream().map(r -> new Membership(UUID.fromString(r[0].toString()), (String) r[1],
                UUID.fromString(r[2].toString()), Role.of((String) r[3]).orElseThrow())).toList();
    }

    /** The name of the caller's own tenant (row-level security shows no other). */
    public String tenantName(UUID tenant) {
        TenantScope.enter(em, tenant);
        return em.find(Tenant.class, tenant).name();
    }

    /** True when a tenant's identity provider opened the session (of the current tenant): it stays in its tenant. */
    public boolean openedBySingleSignOn(UUID tenant, UUID session) {
        TenantScope.enter(em, tenant);
        UserSession found = em.find(UserSession.class, session);
        return found != null && !found.forPerson();
    }

    /**
     * The membership of the session's person in {@code target}, checked before anything moves: another tenant
     * (not the person's) is not found; a session a tenant's identity provider opened stays in its tenant.
     */
    public Switch prepare(UUID tenant, UUID user, UUID session, UUID target) {
        Membership to = of(tenant, session).stream().filter(m -> m.tenantId().equals(target)).findFirst()
                .orElseThrow(() -> new NotFound("Tenant " + target));
        if (!em.find(UserSession.class, session).forPerson()) {
            throw new Forbidden("A session opened by single sign-on stays in its tenant: sign in to the other one");
        }
        return new Switch(to, em.find(User.class, user).email());
    }

    /**
     * Moves the session to the person's membership in {@code target}, audited in both tenants: each log names only
     * its own side (the session and the member), never the other tenant. Into a tenant under a BAA (O6) the session
     * comes under its limits as one signed in there would be: 15 minutes idle and 12 hours from its sign-in, read
     * under the same lock as a session opened there ({@link BaaSafeguards#standing}); one signed in more than 12 hours
     * ago does not move (403, nothing changed). It kept the limits of the tenant it came from: 30 days idle, 90 days.
     */
    public Membership move(UUID tenant, UUID user, UUID session, UUID target) {
        TenantScope.enter(em, tenant);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, user_id, role FROM session_switch(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, session).setParameter(2, target).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Tenant " + target);
        }
        UUID member = UUID.fromString(rows.get(0)[1].toString());
        audit.record(AuditActor.user(user), "session.tenant_left", "session", session.toString(), null, null);
        TenantScope.enter(em, target);
        if (BaaSafeguards.standing(em, target) && !BaaSafeguards.limitSession(em, session)) {
            throw new SignInTooOld("This tenant is under a BAA: its sessions end 12 hours after sign-in, and this one"
                    + " is older. Sign in again, then switch");
        }
        sessions.markActive(member);
        audit.record(AuditActor.user(member), "session.tenant_entered", "session", session.toString(), null, null);
        return of(target, session).stream().filter(m -> m.tenantId().equals(target)).findFirst().orElseThrow();
    }

    /** One tenant of the person: its id and name, the membership and its role there. */
    public record Membership(UUID tenantId, String name, UUID userId, Role role) {
    }

    /** A switch found allowed so far: the membership it goes to and the person's address (for the tenant's rules). */
    public record Switch(Membership to, String email) {
    }
}
