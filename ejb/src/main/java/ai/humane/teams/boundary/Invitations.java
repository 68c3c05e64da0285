package ai.humane.teams.boundary;

import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.entity.Person;
import ai.humane.accounts.entity.User;
import ai.humane.apikeys.entity.ApiKey;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.teams.control.RoleRules;
import ai.humane.teams.entity.Invitation;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Accepting an invitation: the token alone finds its tenant; accepting creates the membership there with
 * the invited role, for a new person or (proven by their password) an existing one. The address is taken as
 * verified: the token came to it. An invitation is as good as its sender's standing when it is accepted: a
 * sender who was removed, or demoted below sending it, had it withdrawn then ({@link Teams#remove},
 * {@link Teams#changeRole}; V42 for demotions before), and one sent by a member who may no longer send it all the
 * same (a role changed outside the API) is answered as an unknown token too; so is one sent by an API key that was
 * revoked, expired, or whose member may no longer send it (V48). Accepting withdraws the tenant's
 * other invitations to the address, so a later removal is not undone by one of them.
 */
@Stateless
public class Invitations {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** A new person joins: the address has no account yet (else {@link #join}, proven by the person's password). */
    public Joined accept(String token, String name, String passwordHash) {
        Found found = find(token);
        String email = taken(found);
        if (!em.createNativeQuery("SELECT id FROM account_by_email(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, email).getResultList().isEmpty()) {
            throw new Conflict("An account with this e-mail address exists");
        }
        Person person = new Person(email, passwordHash);
        em.persist(person);
        em.flush(); // the membership references the person, and nothing ties the two entities' insert order
        return joined(found, new User(person, name, found.invitation().role()));
    }

    /**
     * An existing person joins a further tenant: a membership is added, nothing of the person changes. The caller
     * has proven to be that person (their password); the invitation's address is theirs, so an invitation can
     * never reach another account. The database writes the membership as it accepts the invitation
     * ({@code membership_by_invitation}, V39): the runtime role may not name an existing person in a new membership.
     */
    public Joined join(String token, String name, UUID person, String personEmail) {
        Found found = find(token);
        String email = standing(found);
        if (!email.equals(personEmail)) {
            throw invalid();
        }
        if (!em.createQuery("SELECT u FROM User u WHERE u.personId = :person", User.class)
                .setParameter("person", person).getResultList().isEmpty()) {
            throw new Conflict("This account is already a member of the tenant");
        }
        // The database adds a membership of an existing person only as it accepts an invitation to them (V39).
        UUID member = UUID.randomUUID();
        if (nativeQuery("SELECT membership_by_invitation(?1, ?2, ?3, ?4)").setParameter(1, found.invitation().id())
                .setParameter(2, person).setParameter(3, member).setParameter(4, name).getSingleResult() == null) {
            throw invalid();
        }
        em.refresh(found.invitation());
        return joined(found, em.find(User.class, member));
    }

    /** The address an invitation was sent to, in its one spelling; nothing is changed. */
    public String invitedEmail(String token) {
        String email = find(token).invitation().email();
        return EmailAddress.canonical(email).map(EmailAddress::value).filter(email::equals).orElseThrow(Invitations::invalid);
    }

    private String taken(Found found) {
        String email = standing(found);
        if (!found.invitation().accept(OffsetDateTime.now(ZoneOffset.UTC))) {
            throw invalid();
        }
        return email;
    }

    /** The invitation's address, when it is still pending and its sender may still grant its role; nothing changes. */
    private String standing(Found found) {
        if (!senderMayStillGrant(found.invitation()) || !found.invitation().pending(OffsetDateTime.now(ZoneOffset.UTC))) {
            throw invalid();
        }
        // An invitation stored before addresses had one spelling (V12) and still not in it is no invitation.
        return EmailAddress.canonical(found.invitation().email()).map(EmailAddress::value)
                .filter(found.invitation().email()::equals).orElseThrow(Invitations::invalid);
    }

    /**
     * Sent by a member, that member must still be one who may send it; sent by an API key, the key must still stand
     * (neither revoked nor expired) and act with a role that may send it: the lesser of its own and its member's, as
     * at authentication. One sent by a key before V48 named keys, and not found in the audit log then, stands as sent.
     */
    private boolean senderMayStillGrant(Invitation invitation) {
        if (invitation.invitedBy() != null) {
            User sender = em.find(User.class, invitation.invitedBy());
            return sender != null && RoleRules.mayInvite(sender.role(), invitation.role());
        }
        if (invitation.invitedByKey() != null) {
            ApiKey key = em.find(ApiKey.class, invitation.invitedByKey());
            return key != null && keyMayGrant(key.prefix(), invitation.role());
        }
        return true;
    }

    /**
     * Whether the key is standing and acts with a role that may send the invitation, as authentication sees the key:
     * {@code api_key_by_prefix} answers its role (the lesser of its own and its member's) and a revocation time that an
     * expiry counts as.
     */
    private boolean keyMayGrant(String prefix, Role invited) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT role, revoked_at FROM api_key_by_prefix(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, prefix).getResultList();
        return rows.size() == 1 && rows.get(0)[1] == null
                && Role.of((String) rows.get(0)[0]).filter(acting -> RoleRules.mayInvite(acting, invited)).isPresent();
    }

    private Joined joined(Found found, User member) {
        member.emailProven();
        if (!em.contains(member)) {
            em.persist(member);
        }
        em.flush();
        Teams.withdrawPending(em, Invitation.PENDING_TO, "email", member.email());
        // Accepting proves the address: the person's, for every tenant (V27); visible now that they are a member.
        em.find(Person.class, member.personId()).verifyEmail();
        audit.record(AuditActor.user(member.id()), "member.joined", "user", member.id().toString(), null,
                Teams.memberJson(member.email(), member.role()));
        return new Joined(found.tenant(), member.id(), member.role().value());
    }

    private Found find(String token) {
        if (!OpaqueToken.plausible(token)) {
            throw invalid();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, tenant_id FROM invitation_by_hash(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, OpaqueToken.hash(token)).getResultList();
        if (rows.isEmpty()) {
            throw invalid();
        }
        UUID tenant = UUID.fromString(rows.get(0)[1].toString());
        TenantScope.enter(em, tenant);
        // After the tenant's role changes and removals under way: the sender's standing and the invitation as they left them.
        Teams.lockTeam(em, tenant);
        return new Found(tenant, em.find(Invitation.class, UUID.fromString(rows.get(0)[0].toString())));
    }

    private jakarta.persistence.Query nativeQuery(String sql) {
        return em.createNativeQuery(sql).setHint("eclipselink.jdbc.allow-native-sql-query", true);
    }

    /** Who joined where, with which role. */
    public record Joined(UUID tenant, UUID user, String role) {
    }

    private record Found(UUID tenant, Invitation invitation) {
    }

    private static InvalidField invalid() {
        return new InvalidField("token", "is not a valid invitation (unknown, used or expired)");
    }
}
