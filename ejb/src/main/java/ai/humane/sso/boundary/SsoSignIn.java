package ai.humane.sso.boundary;

import ai.humane.accounts.boundary.Accounts;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.entity.Person;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.sso.control.IdentitySource;
import ai.humane.sso.control.SsoRefused;
import ai.humane.sso.control.VerifiedIdentity;
import ai.humane.sso.entity.SsoDomain;
import ai.humane.sso.entity.SsoIdentity;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one door every SSO protocol walks through once its provider has vouched for someone (S5, S6). It finds the
 * account the identity stands for: by the linked (issuer, subject); else by e-mail, linking only when both the
 * provider and Humane verified it (never a silent merge). A tenant's own connection speaks for its tenant's
 * verified domains only: an e-mail outside them is refused, an account of another tenant is not reached, and the
 * first sign-in of a verified-domain e-mail without an account creates its membership with the connection's
 * default role (just in time). Google (no tenant) provisions nobody. Then it audits {@code sso.signed_in} and
 * opens the same session a password sign-in opens (S3). One transaction: a refusal stores nothing.
 */
@Stateless
public class SsoSignIn {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Sessions sessions;

    @Inject
    AuditTrail audit;

    @Inject
    FieldEncryption encryption;

    /** Signs in the person {@code identity} stands for; {@code refreshToken} (nullable) is sealed before it is kept. */
    public OpenedSession signIn(VerifiedIdentity identity, String refreshToken, String clientIp, String userAgent) {
        EmailAddress email = EmailAddress.canonical(identity.email()).orElseThrow(SsoRefused::providerAnswerInvalid);
        IdentitySource source = identity.source();
        if (source.tenantBound()) {
            TenantScope.enter(em, source.tenantId());
            requireVerifiedDomain(email);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Link link = linked(identity).orElseGet(() -> link(identity, email, now));
        if (source.tenantBound() && !source.tenantId().equals(link.tenant())) {
            throw SsoRefused.noAccount(); // the account lives in another tenant: this connection does not reach it
        }
        link.identity().signedIn(email.value(), now);
        if (refreshToken != null && !refreshToken.isEmpty()) {
            link.identity().keepRefreshToken(encryption.seal(refreshToken));
        }
        audit.record(AuditActor.user(link.identity().userId()), "sso.signed_in", "user", link.identity().userId().toString(),
                null, JsonP.createObjectBuilder().add("protocol", source.protocol().name().toLowerCase())
                        .add("issuer", source.issuer())
                        .add("connection_id", String.valueOf(source.connectionId())).build());
        return sessions.open(link.tenant(), link.identity().userId(), clientIp, userAgent);
    }

    private record Link(UUID tenant, SsoIdentity identity) {
    }

    private void requireVerifiedDomain(EmailAddress email) {
        String domain = email.value().substring(email.value().lastIndexOf('@') + 1);
        if (em.createNamedQuery(SsoDomain.VERIFIED, SsoDomain.class).setParameter("domain", domain).getResultList().isEmpty()) {
            throw SsoRefused.domainNotVerified();
        }
    }

    private Optional<Link> linked(VerifiedIdentity identity) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, user_id FROM sso_identity_by_subject(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, identity.source().issuer()).setParameter(2, identity.subject()).getResultList();
        return rows.stream().findFirst().map(row -> {
            UUID tenant = UUID.fromString(row[0].toString());
            if (identity.source().tenantBound() && !identity.source().tenantId().equals(tenant)) {
                throw SsoRefused.noAccount();
            }
            TenantScope.enter(em, tenant);
            return new Link(tenant, em.createQuery("SELECT i FROM SsoIdentity i WHERE i.issuer = :issuer AND i.subject = :subject",
                            SsoIdentity.class).setParameter("issuer", identity.source().issuer())
                    .setParameter("subject", identity.subject()).getSingleResult());
        });
    }

    /** A first sign-in: links the account of that e-mail when both sides verified it, or provisions one (JIT). */
    private Link link(VerifiedIdentity identity, EmailAddress email, OffsetDateTime now) {
        if (!identity.emailVerified()) {
            throw SsoRefused.emailNotVerified();
        }
        Optional<Accounts.Account> account = membershipReached(identity.source(), email);
        User user;
        if (account.isPresent()) {
            TenantScope.enter(em, account.get().tenant());
            user = em.find(User.class, account.get().user());
            if (user == null || !user.emailVerified()) {
                throw SsoRefused.emailNotVerified();
            }
        } else {
            user = provision(identity.source(), email);
        }
        SsoIdentity linked = new SsoIdentity(user.id(), identity.source().issuer(), identity.subject(), email.value(), now);
        em.persist(linked);
        audit.record(AuditActor.user(user.id()), "sso.identity_linked", "user", user.id().toString(), null,
                JsonP.createObjectBuilder().add("issuer", identity.source().issuer()).build());
        return new Link(account.map(Accounts.Account::tenant).orElse(identity.source().tenantId()), linked);
    }

    /**
     * The membership a first sign-in links: a tenant's connection reaches only its own tenant's membership of the
     * person, and a person who has an account but no membership there is refused (an invitation adds one; just in
     * time never joins an existing person). Google: the person's membership used last.
     */
    private Optional<Accounts.Account> membershipReached(IdentitySource source, EmailAddress email) {
        List<Accounts.Account> memberships = accounts.memberships(email);
        if (!source.tenantBound()) {
            return memberships.stream().findFirst();
        }
        Optional<Accounts.Account> here = memberships.stream().filter(m -> m.tenant().equals(source.tenantId())).findFirst();
        if (here.isEmpty() && !memberships.isEmpty()) {
            throw SsoRefused.noAccount();
        }
        return here;
    }

    /** Just in time: only a tenant's connection, for a verified e-mail of a verified domain (checked above). */
    private User provision(IdentitySource source, EmailAddress email) {
        if (!source.tenantBound()) {
            throw SsoRefused.noAccount();
        }
        Person person = new Person(email.value(), null);
        em.persist(person);
        em.flush(); // the membership references the person, and nothing ties the two entities' insert order
        User user = new User(person, email.value().substring(0, email.value().indexOf('@')), source.defaultRole());
        user.verifyEmail();
        em.persist(user);
        em.flush();
        audit.record(AuditActor.user(user.id()), "sso.member_provisioned", "user", user.id().toString(), null,
                JsonP.createObjectBuilder().add("role", source.defaultRole().value())
                        .add("connection_id", source.connectionId().toString()).build());
        return user;
    }
}
