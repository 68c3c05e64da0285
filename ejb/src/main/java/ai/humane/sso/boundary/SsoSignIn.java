package ai.humane.sso.boundary;

import ai.humane.accounts.boundary.Accounts;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.sso.control.SsoRefused;
import ai.humane.sso.control.VerifiedIdentity;
import ai.humane.sso.entity.SsoIdentity;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one door every SSO protocol walks through once its provider has vouched for someone (S5, S6): it finds
 * the account the identity stands for, links a new identity only when both sides verified the e-mail (never a
 * silent merge), refuses a tenant's connection vouching for someone outside that tenant, audits
 * {@code sso.signed_in}, and opens the same session a password sign-in opens (S3). One transaction: a refusal
 * stores nothing and opens nothing.
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
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Link link = linked(identity).orElseGet(() -> link(identity, email, now));
        if (identity.source().tenantBound() && !identity.source().tenantId().equals(link.tenant())) {
            // A tenant's connection speaks for that tenant only (verified domains and JIT come with memberships).
            throw SsoRefused.domainNotVerified();
        }
        link.identity().signedIn(email.value(), now);
        if (refreshToken != null && !refreshToken.isEmpty()) {
            link.identity().keepRefreshToken(encryption.seal(refreshToken));
        }
        audit.record(AuditActor.user(link.identity().userId()), "sso.signed_in", "user", link.identity().userId().toString(),
                null, Json.createObjectBuilder().add("protocol", identity.source().protocol().name().toLowerCase())
                        .add("issuer", identity.source().issuer())
                        .add("connection_id", String.valueOf(identity.source().connectionId())).build());
        return sessions.open(link.tenant(), link.identity().userId(), clientIp, userAgent);
    }

    private record Link(UUID tenant, SsoIdentity identity) {
    }

    private Optional<Link> linked(VerifiedIdentity identity) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, user_id FROM sso_identity_by_subject(?1, ?2)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, identity.source().issuer()).setParameter(2, identity.subject()).getResultList();
        return rows.stream().findFirst().map(row -> {
            UUID tenant = UUID.fromString(row[0].toString());
            TenantScope.enter(em, tenant);
            return new Link(tenant, em.createQuery("SELECT i FROM SsoIdentity i WHERE i.issuer = :issuer AND i.subject = :subject",
                            SsoIdentity.class).setParameter("issuer", identity.source().issuer())
                    .setParameter("subject", identity.subject()).getSingleResult());
        });
    }

    /** A first sign-in: links to the account of that e-mail when both sides verified it. */
    private Link link(VerifiedIdentity identity, EmailAddress email, OffsetDateTime now) {
        Accounts.Account account = accounts.account(email).orElseThrow(SsoRefused::noAccount);
        TenantScope.enter(em, account.tenant());
        User user = em.find(User.class, account.user());
        if (!identity.emailVerified() || user == null || !user.emailVerified()) {
            throw SsoRefused.emailNotVerified();
        }
        SsoIdentity linked = new SsoIdentity(user.id(), identity.source().issuer(), identity.subject(), email.value(), now);
        em.persist(linked);
        audit.record(AuditActor.user(user.id()), "sso.identity_linked", "user", user.id().toString(), null,
                Json.createObjectBuilder().add("issuer", identity.source().issuer()).build());
        return new Link(account.tenant(), linked);
    }
}
