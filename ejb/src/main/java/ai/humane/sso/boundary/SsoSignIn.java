package ai.humane.sso.boundary;

import ai.humane.accounts.boundary.Accounts;
import ai.humane.accounts.boundary.Passwords;
import ai.humane.accounts.boundary.SecondFactors;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.control.MfaChallengeHandle;
import ai.humane.accounts.control.SignInStep;
import ai.humane.accounts.entity.Person;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.ConnectionStanding;
import ai.humane.sso.control.IdentitySource;
import ai.humane.sso.control.SsoProtocol;
import ai.humane.sso.control.SsoRefused;
import ai.humane.sso.control.VerifiedIdentity;
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
 * person the identity stands for: by the (issuer, subject) linked by the same kind of provider; else by e-mail,
 * linking only when both the provider and Humane verified it (never a silent merge). Google's links (global, from
 * the environment) are found by Google only: Google proves who the person is and opens their membership used last
 * that the tenants' rules admit, like the password. A tenant's own connection's links are found by that tenant's
 * connections only, and open only the person's membership there: a connection names its own issuer and its IdP
 * chooses the subject, so a link it made must never answer for Google or for another tenant (V30). A connection
 * admits only e-mails of its tenant's verified domains, and the first
 * sign-in of a verified-domain e-mail without an account creates its membership with the connection's default
 * role (just in time). Google provisions nobody. Then it audits {@code sso.signed_in} and opens the same session a
 * password sign-in opens (S3), or, for a member with a second factor, the same challenge a right password gets (S8).
 * One transaction: a refusal stores nothing. A first sign-in whose insert meets another's
 * made at the same moment is tried once more by its caller, in a new transaction ({@code FirstSignInRace}): it then
 * finds the winner's link here, as any later sign-in does.
 */
@Stateless
public class SsoSignIn {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Passwords passwords;

    @Inject
    Sessions sessions;

    @Inject
    SecondFactors secondFactors;

    @Inject
    SsoConfirmations confirmations;

    @Inject
    AuditTrail audit;

    @Inject
    FieldEncryption encryption;

    /**
     * Signs in the person {@code identity} stands for, or, when they have a second factor, issues its challenge;
     * {@code refreshToken} (nullable) is sealed before it is kept.
     */
    public SignInStep signIn(VerifiedIdentity identity, String refreshToken, String clientIp, String userAgent) {
        return signIn(identity, refreshToken, clientIp, userAgent, false);
    }

    /**
     * Like {@link #signIn(VerifiedIdentity, String, String, String)}; {@code unsolicited}: the provider's answer
     * answers no request of ours (an IdP-initiated SAML response), so the browser that brought it may not be the
     * person's, and a member without a second factor confirms on our own origin first ({@link SsoConfirmations}).
     */
    public SignInStep signIn(VerifiedIdentity identity, String refreshToken, String clientIp, String userAgent,
                             boolean unsolicited) {
        EmailAddress email = EmailAddress.canonical(identity.email()).orElseThrow(SsoRefused::providerAnswerInvalid);
        IdentitySource source = identity.source();
        if (source.tenantBound()) {
            TenantScope.enter(em, source.tenantId());
            requireVerifiedDomain(email);
            requireStanding(source);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Optional<Linked> linked = linked(identity);
        Accounts.Account opened = linked.map(found -> reached(identity, found, email))
                .orElseGet(() -> link(identity, email, now));
        // The row stays where it was linked (a new one: the membership opened); it changes there, then the tenant
        // opened is entered.
        TenantScope.enter(em, linked.map(Linked::tenant).orElse(opened.tenant()));
        SsoIdentity kept = em.createQuery("SELECT i FROM SsoIdentity i WHERE i.issuer = :issuer AND i.subject = :subject"
                                + " AND i.global = :global", SsoIdentity.class).setParameter("issuer", source.issuer())
                .setParameter("subject", identity.subject()).setParameter("global", !source.tenantBound()).getSingleResult();
        kept.signedIn(email.value(), now);
        if (refreshToken != null && !refreshToken.isEmpty()) {
            kept.keepRefreshToken(encryption.seal(refreshToken));
        }
        em.flush();
        // S8: a member with a second factor answers its challenge first, as after a right password; the challenge
        // opens what this sign-in would have (its row is committed with the rest of this transaction).
        UUID connection = source.tenantBound() ? source.connectionId() : null;
        Optional<MfaChallengeHandle> challenge = secondFactors.challengeIfEnrolled(opened.tenant(), opened.user(),
                connection);
        TenantScope.enter(em, opened.tenant());
        audit.record(AuditActor.user(opened.user()), "sso.signed_in", "user", opened.user().toString(),
                null, JsonP.createObjectBuilder().add("protocol", source.protocol().name().toLowerCase())
                        .add("issuer", source.issuer())
                        .add("connection_id", String.valueOf(source.connectionId()))
                        .add("second_factor_due", challenge.isPresent())
                        .add("confirmation_due", challenge.isEmpty() && unsolicited).build());
        if (challenge.isPresent()) {
            return new SignInStep.SecondFactorDue(challenge.get());
        }
        if (unsolicited) {
            return new SignInStep.ConfirmationDue(confirmations.issue(opened.tenant(), opened.user(), connection));
        }
        // Google vouches for the person, as the password does: its session may switch tenant (each switch asks the
        // target's rules and the person's second factor). A tenant's provider vouches for that tenant only: its
        // session stays there.
        return new SignInStep.Opened(!source.tenantBound()
                ? sessions.openForPerson(opened.tenant(), opened.user(), clientIp, userAgent)
                : sessions.openThrough(opened.tenant(), opened.user(), connection, clientIp, userAgent));
    }

    /** A linked identity's row: where it lives (the membership that linked it) and its person. */
    private record Linked(UUID tenant, UUID user, UUID person) {
    }

    /**
     * The connection still vouches as it did when this sign-in began (the provider may have held its answer past a
     * deletion, a disabling or a re-pointing): locked until this transaction ends, so such a change waits for it and
     * then ends what it opened ({@link ConnectionStanding}).
     */
    private void requireStanding(IdentitySource source) {
        boolean holds = source.protocol() == SsoProtocol.SAML
                ? ConnectionStanding.samlHolds(em, source.connectionId(), source.issuer())
                : ConnectionStanding.oidcHolds(em, source.connectionId(), source.issuer());
        if (!holds) {
            throw SsoRefused.flowNotRecognised();
        }
    }

    /**
     * The tenant has verified the e-mail's domain; its row read {@code FOR SHARE}, so a deletion of the proof waits for
     * this sign-in and then ends what it opened ({@code Sessions.endOpenedForDomain}), or came first and refuses it.
     */
    private void requireVerifiedDomain(EmailAddress email) {
        String domain = email.value().substring(email.value().lastIndexOf('@') + 1);
        if (em.createNativeQuery("SELECT 1 FROM sso_domains WHERE domain = ?1 AND verified_at IS NOT NULL FOR SHARE")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, domain).getResultList().isEmpty()) {
            throw SsoRefused.domainNotVerified();
        }
    }

    /** The identity as linked by this kind of provider: Google's among Google's links, a connection's in its tenant. */
    private Optional<Linked> linked(VerifiedIdentity identity) {
        IdentitySource source = identity.source();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = nativeQuery("SELECT tenant_id, user_id, person_id FROM sso_identity_by_subject(?1, ?2, CAST(?3 AS uuid))")
                .setParameter(1, source.issuer()).setParameter(2, identity.subject())
                .setParameter(3, source.tenantBound() ? source.tenantId().toString() : null).getResultList();
        return rows.stream().findFirst().map(row -> new Linked(uuid(row[0]), uuid(row[1]), uuid(row[2])));
    }

    /**
     * The membership a linked identity opens. A tenant's connection: the membership its link names, in its tenant.
     * Google's: the person's membership used last that the rules admit.
     */
    private Accounts.Account reached(VerifiedIdentity identity, Linked found, EmailAddress email) {
        IdentitySource source = identity.source();
        if (source.tenantBound()) {
            return new Accounts.Account(found.tenant(), found.user(), email.value(), null, found.person());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = nativeQuery("SELECT tenant_id, user_id, email FROM sso_identity_memberships(?1, ?2)")
                .setParameter(1, source.issuer()).setParameter(2, identity.subject()).getResultList();
        if (rows.isEmpty()) {
            throw SsoRefused.noAccount();
        }
        return passwords.firstAdmitted(rows.stream().map(row -> new Accounts.Account(uuid(row[0]), uuid(row[1]),
                (String) row[2], null, found.person())).toList());
    }

    /**
     * A first sign-in: links the person of that e-mail when both sides verified it, or provisions one (JIT). The row
     * lives in the membership the sign-in opens; Google's is global (the person's), a connection's is its tenant's.
     */
    private Accounts.Account link(VerifiedIdentity identity, EmailAddress email, OffsetDateTime now) {
        if (!identity.emailVerified()) {
            throw SsoRefused.emailNotVerified();
        }
        Optional<Accounts.Account> account = membershipReached(identity.source(), email);
        User user;
        if (account.isPresent()) {
            TenantScope.enter(em, account.get().tenant());
            user = em.find(User.class, account.get().user());
            if (user == null || !em.find(Person.class, user.personId()).emailVerified()) {
                throw SsoRefused.emailNotVerified();
            }
        } else {
            user = provision(identity.source(), email);
        }
        UUID tenant = account.map(Accounts.Account::tenant).orElse(identity.source().tenantId());
        if (identity.source().tenantBound()) {
            em.persist(new SsoIdentity(user.id(), user.personId(), false, identity.source().issuer(), identity.subject(),
                    email.value(), now));
            em.flush();
        } else {
            linkGlobally(user, identity, email);
        }
        audit.record(AuditActor.user(user.id()), "sso.identity_linked", "user", user.id().toString(), null,
                JsonP.createObjectBuilder().add("issuer", identity.source().issuer())
                        .add("global", !identity.source().tenantBound()).build());
        return new Accounts.Account(tenant, user.id(), user.email(), null, user.personId());
    }

    /**
     * Google's link is written by the database, which checks what it stands for (V39): the runtime role may not write a
     * global identity itself. The membership is of the current tenant; its person's address is verified and is the one
     * Google asserted (checked above too).
     */
    private void linkGlobally(User user, VerifiedIdentity identity, EmailAddress email) {
        em.flush();
        if (!Boolean.TRUE.equals(nativeQuery("SELECT sso_identity_link_global(?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, user.id()).setParameter(3, identity.source().issuer())
                .setParameter(4, identity.subject()).setParameter(5, email.value()).getSingleResult())) {
            throw SsoRefused.emailNotVerified();
        }
    }

    /**
     * The membership a first sign-in links: a tenant's connection reaches only its own tenant's membership of the
     * person, and a person who has an account but no membership there is refused (an invitation adds one; just in
     * time never joins an existing person). Google: the person's membership used last that the rules admit.
     */
    private Optional<Accounts.Account> membershipReached(IdentitySource source, EmailAddress email) {
        List<Accounts.Account> memberships = accounts.memberships(email);
        if (!source.tenantBound()) {
            return memberships.isEmpty() ? Optional.empty() : Optional.of(passwords.firstAdmitted(memberships));
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
        person.verifyEmail();
        em.persist(person);
        em.flush(); // the membership references the person, and nothing ties the two entities' insert order
        User user = new User(person, email.value().substring(0, email.value().indexOf('@')), source.defaultRole());
        user.emailProven();
        em.persist(user);
        em.flush();
        audit.record(AuditActor.user(user.id()), "sso.member_provisioned", "user", user.id().toString(), null,
                JsonP.createObjectBuilder().add("role", source.defaultRole().value())
                        .add("connection_id", source.connectionId().toString()).build());
        return user;
    }

    private jakarta.persistence.Query nativeQuery(String sql) {
        return em.createNativeQuery(sql).setHint("eclipselink.jdbc.allow-native-sql-query", true);
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }
}
