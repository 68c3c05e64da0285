package ai.humane.sso.boundary;

import ai.humane.accounts.control.PasswordSignInRule;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.json.control.JsonP;
import ai.humane.sso.control.SsoRefused;
import ai.humane.sso.entity.SsoDomain;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * SSO required (S5, S6): when the tenant requires SSO for the verified domain of a person's e-mail, a correct
 * password does not sign them in (403 {@code sso-required}) — except an owner's, the break-glass path, which is
 * audited as {@code sso.break_glass} every time.
 * <p>
 * Each question is answered in a transaction of its own, as a password sign-in (which holds none) asks it. A Google
 * sign-in asks inside its transaction ({@code SsoSignIn}) and passes over a refused membership to the next: joined,
 * the refusal (a {@code Problem}, which rolls back) would mark that transaction for rollback, so every later
 * membership would be refused too. A break-glass audit commits with its answer, as at password sign-in.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SsoEnforcement implements PasswordSignInRule {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Override
    public void admit(UUID tenant, UUID user, String email) {
        TenantScope.enter(em, tenant);
        String domain = email.substring(email.lastIndexOf('@') + 1);
        boolean required = em.createNamedQuery(SsoDomain.VERIFIED, SsoDomain.class).setParameter("domain", domain)
                .getResultStream().anyMatch(SsoDomain::requiresSso);
        if (!required) {
            return;
        }
        User person = em.find(User.class, user);
        if (person == null || person.role() != Role.OWNER) {
            throw SsoRefused.ssoRequired();
        }
        audit.record(AuditActor.user(user), "sso.break_glass", "user", user.toString(), null,
                JsonP.createObjectBuilder().add("domain", domain).build());
    }
}
