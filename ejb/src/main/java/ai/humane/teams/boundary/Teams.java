package ai.humane.teams.boundary;

import ai.humane.accounts.control.AccountMail;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.entity.User;
import ai.humane.apikeys.boundary.ApiKeys;
import ai.humane.apikeys.entity.ApiKey;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.SendThrottle;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.teams.control.RoleRules;
import ai.humane.teams.entity.Invitation;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantRowLock;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** The people of a tenant and their roles (T2): invitations, role changes, removals. */
@Stateless
@Interceptors(TenantScope.class)
public class Teams {

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AccountMail mail;

    @Inject
    Sessions sessions;

    @Inject
    SendThrottle throttle;

    @Inject
    AuditTrail audit;

    @Inject
    ApiKeys apiKeys;

    public List<User> members() {
        return em.createNamedQuery(User.ALL, User.class).getResultList();
    }

    /** The members' people who proved their address, in any tenant (V27); row-level security shows members only. */
    public Set<UUID> verifiedPeople() {
        return Set.copyOf(em.createQuery("SELECT p.id FROM Person p WHERE p.emailVerifiedAt IS NOT NULL", UUID.class)
                .getResultList());
    }

    public Invitation invite(String email, Role role) {
        TenantCaller caller = TenantCaller.of(security);
        RoleRules.requireMayGrant(caller.role(), role);
        // Counted on the address the mail goes to: any spelling that reaches one inbox spends one budget (A3).
        String address = EmailAddress.parse("email", email).value();
        throttle.mailOrRefuse(MailKind.INVITATION, caller.tenantId(), address);
        OpaqueToken token = OpaqueToken.generate();
        boolean byKey = caller.kind() == TenantCaller.Kind.API_KEY;
        Invitation invitation = new Invitation(address, role, byKey ? null : caller.actorId(), byKey ? caller.actorId() : null,
                token.hash(),
                OffsetDateTime.now(ZoneOffset.UTC).plus(INVITATION_LIFETIME));
        em.persist(invitation);
        em.flush();
        mail.invitation(invitation.email(), em.find(Tenant.class, caller.tenantId()).name(), token);
        audit.record("member.invited", "invitation", invitation.id().toString(), null, memberJson(invitation.email(), role));
        return invitation;
    }

    /** A page of the tenant's invitations still open (not accepted, withdrawn or expired), newest first. */
    public Listing.Page<Invitation> pendingInvitations(int limit, String cursor) {
        return Listing.page(em, Invitation.class, "x.acceptedAt IS NULL AND x.expiresAt > :now",
                Map.of("now", OffsetDateTime.now(ZoneOffset.UTC)), limit, cursor);
    }

    /**
     * Withdraws an open invitation as a removal withdraws one ({@link Invitation#withdraw}): its token is answered as an
     * unknown one from now on. Only owners withdraw an owner or admin invitation, as only they send one. Under the team's
     * lock, so an acceptance under way either joined first (and the invitation is no longer open: 404) or finds it
     * withdrawn.
     */
    public void withdrawInvitation(UUID invitationId) {
        TenantCaller caller = TenantCaller.of(security);
        lockTeam(em, caller.tenantId());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Invitation invitation = em.find(Invitation.class, invitationId);
        if (invitation == null || !invitation.pending(now)) {
            throw new NotFound("Invitation " + invitationId);
        }
        RoleRules.requireMayGrant(caller.role(), invitation.role());
        invitation.withdraw(now);
        audit.record("invitation.withdrawn", "invitation", invitation.id().toString(),
                memberJson(invitation.email(), invitation.role()), null);
    }

    /**
     * Changes a member's role. The invitations still open that the member sent and may no longer send in the new role
     * ({@link RoleRules#mayInvite}) are withdrawn as a removal withdraws them, and so are those the member's API keys
     * sent and may no longer send (a key acts with the lesser of its role and its member's), in the same transaction
     * and under the same lock, and with no event of their own (the role change is the event): they would be refused at acceptance
     * anyway, and withdrawn they no longer list as pending, nor come back should the role.
     */
    public User changeRole(UUID memberId, Role role) {
        TenantCaller caller = TenantCaller.of(security);
        lockTeam(em, caller.tenantId());
        User member = member(memberId);
        RoleRules.requireMayManage(caller.role(), member.role());
        RoleRules.requireMayGrant(caller.role(), role);
        if (member.role() == Role.OWNER && role != Role.OWNER) {
            RoleRules.requireAnotherOwner(member.role(), owners());
        }
        JsonObject before = memberJson(member.email(), member.role());
        member.assign(role);
        withdrawPending(em, Invitation.PENDING_FROM, "member", member.id(),
                invitation -> !RoleRules.mayInvite(role, invitation.role()));
        for (ApiKey key : keysOf(member)) {
            Role acting = key.role().lesser(role);
            withdrawPending(em, Invitation.PENDING_FROM_KEY, "key", key.id(),
                    invitation -> !RoleRules.mayInvite(acting, invitation.role()));
        }
        audit.record("member.role_changed", "user", member.id().toString(), before, memberJson(member.email(), role));
        return member;
    }

    /**
     * Removes a member: their sessions end and their API keys are revoked in the same transaction, each key audited as
     * {@code api_key.revoked} as a revocation through {@link ApiKeys} is. The invitations still open to the member's
     * address, and those the member sent, are withdrawn: removal would otherwise be undone by an invitation mailed
     * before it, and an invitation would outlive the standing of the one who sent it.
     */
    public void remove(UUID memberId) {
        TenantCaller caller = TenantCaller.of(security);
        lockTeam(em, caller.tenantId());
        User member = member(memberId);
        RoleRules.requireMayManage(caller.role(), member.role());
        RoleRules.requireAnotherOwner(member.role(), owners());
        sessions.revokeAll(caller.tenantId(), member.id(), null);
        keysOf(member).forEach(key -> apiKeys.revoke(key.id()));
        withdrawPending(em, Invitation.PENDING_TO, "email", member.email());
        withdrawPending(em, Invitation.PENDING_FROM, "member", member.id());
        em.flush();
        audit.record("member.removed", "user", member.id().toString(), memberJson(member.email(), member.role()), null);
        em.remove(member);
    }

    /** The member's keys not yet revoked: they act with the lesser of their own role and the member's. */
    private List<ApiKey> keysOf(User member) {
        return em.createQuery("SELECT k FROM ApiKey k WHERE k.createdBy = :member AND k.revokedAt IS NULL", ApiKey.class)
                .setParameter("member", member.id()).getResultList();
    }

    /** Withdraws the tenant's open invitations that {@code query} ({@link Invitation#PENDING_TO} or {@code _FROM}) finds. */
    static void withdrawPending(EntityManager em, String query, String parameter, Object value) {
        withdrawPending(em, query, parameter, value, invitation -> true);
    }

    /** Withdraws those of the open invitations {@code query} finds that {@code which} picks. */
    static void withdrawPending(EntityManager em, String query, String parameter, Object value, Predicate<Invitation> which) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNamedQuery(query, Invitation.class).setParameter(parameter, value).setParameter("now", now)
                .getResultList().stream().filter(which).forEach(invitation -> invitation.withdraw(now));
    }

    static JsonObject memberJson(String email, Role role) {
        return JsonP.createObjectBuilder().add("email", email).add("role", role.value()).build();
    }

    private User member(UUID memberId) {
        User member = em.find(User.class, memberId);
        if (member == null) {
            throw new NotFound("Member " + memberId);
        }
        return member;
    }

    /**
     * Serialises the tenant's role changes and removals: the last-owner rule counts the owners after this lock, in a
     * statement that sees what the one before committed. Counted without it, under READ COMMITTED, two owners demoting
     * or removing each other at once each saw the other and both went, leaving none. {@code FOR NO KEY UPDATE} waits for
     * the tenant row's other lockers (and plan changes) but not for the rows that reference the tenant: their key checks
     * take {@code KEY SHARE}, which it leaves alone. Accepting an invitation takes it too ({@link Invitations}).
     */
    static void lockTeam(EntityManager em, UUID tenant) {
        TenantRowLock.take(em, tenant);
    }

    private long owners() {
        return members().stream().filter(u -> u.role() == Role.OWNER).count();
    }
}
