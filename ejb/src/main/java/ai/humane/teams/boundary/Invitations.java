package ai.humane.teams.boundary;

import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.teams.entity.Invitation;
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
 * Accepting an invitation: the token alone finds its tenant; accepting creates the user there with
 * the invited role. The address is taken as verified: the token came to it.
 */
@Stateless
public class Invitations {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    public Joined accept(String token, String name, String passwordHash) {
        Found found = find(token);
        Invitation invitation = found.invitation();
        if (!invitation.accept(OffsetDateTime.now(ZoneOffset.UTC))) {
            throw invalid();
        }
        // An invitation stored before addresses had one spelling (V12) and still not in it is no invitation.
        String email = EmailAddress.canonical(invitation.email()).map(EmailAddress::value)
                .filter(invitation.email()::equals).orElseThrow(Invitations::invalid);
        if (!em.createNativeQuery("SELECT id FROM account_by_email(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, email).getResultList().isEmpty()) {
            throw new Conflict("An account with this e-mail address exists");
        }
        User member = new User(email, name, invitation.role());
        member.setPasswordHash(passwordHash);
        member.verifyEmail();
        em.persist(member);
        em.flush();
        audit.record(AuditActor.user(member.id()), "member.joined", "user", member.id().toString(), null,
                Teams.memberJson(member.email(), member.role()));
        return new Joined(found.tenant(), member.id(), invitation.role().value());
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
        return new Found(tenant, em.find(Invitation.class, UUID.fromString(rows.get(0)[0].toString())));
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
