package ai.humane.accounts.boundary;

import ai.humane.accounts.control.AccountMail;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.control.EmailTokens;
import ai.humane.accounts.control.SignUpAddresses;
import ai.humane.accounts.entity.EmailToken;
import ai.humane.accounts.entity.Person;
import ai.humane.accounts.control.InvalidCredentials;
import ai.humane.accounts.entity.User;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.Outbox;
import ai.humane.mail.control.SendThrottle;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts before and around sign-in: sign-up (S7), e-mail verification, password reset. Passwords
 * arrive here already checked and hashed: bcrypt never runs inside a database transaction.
 */
@Stateless
public class Accounts {

    static final Duration VERIFICATION_LIFETIME = Duration.ofHours(24);
    static final Duration RESET_LIFETIME = Duration.ofHours(1);

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AccountMail mail;

    @Inject
    SendThrottle throttle;

    @Inject
    Outbox outbox;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    @Inject
    PseudonymKeys pseudonyms;

    /**
     * Creates the tenant and its owner, or, when the address already has an account, mails that account's
     * owner instead (within the address's send budget, A3). Both end alike for the caller (no answer, the
     * client address remembered), so the sign-up form tells no one whether an address has an account.
     */
    public void signUp(EmailAddress email, String passwordHash, String name, String organization, String clientIp) {
        boolean newAddress = firstSignUpFrom(clientIp);
        Optional<Account> existing = account(email);
        if (existing.isPresent()) {
            TenantScope.enter(em, existing.get().tenant());
            if (throttle.mail(MailKind.SIGN_UP_ATTEMPTED, existing.get().tenant(), existing.get().email()).allowed()) {
                mail.signUpAttempted(existing.get().email());
            }
            return;
        }
        UUID tenantId = UUID.randomUUID();
        TenantScope.enter(em, tenantId);
        em.persist(new Tenant(tenantId, organization));
        em.flush(); // users.tenant_id references it, and nothing ties the two entities' insert order
        Person person = new Person(email.value(), passwordHash);
        em.persist(person);
        em.flush(); // the membership references the person, and nothing ties the two entities' insert order
        User owner = new User(person, name, Role.OWNER);
        if (newAddress) {
            owner.requireVerificationBeforeWrites();
        }
        em.persist(owner);
        em.flush();
        // Within the inbox's budget (A3): a new address a sign-up, so sub-addresses of one inbox would flood it.
        if (throttle.mail(MailKind.VERIFY_EMAIL, tenantId, owner.email()).allowed()) {
            mail.verifyEmail(owner.email(), new EmailTokens(em).issue(owner.id(), EmailToken.VERIFY_EMAIL,
                    VERIFICATION_LIFETIME));
        }
        audit.record(AuditActor.user(owner.id()), "account.signed_up", "tenant", tenantId.toString(), null,
                JsonP.createObjectBuilder().add("organization", organization).add("owner_email", owner.email())
                        .add("verification_required", newAddress).build());
    }

    public void verifyEmail(String token) {
        EmailTokens.Redeemed redeemed = new EmailTokens(em).redeem(token, EmailToken.VERIFY_EMAIL)
                .orElseThrow(() -> new InvalidField("token", "is not valid (unknown, used or expired)"));
        User user = em.find(User.class, redeemed.user());
        em.find(Person.class, user.personId()).verifyEmail(); // the person's: it counts in every tenant (V27)
        user.emailProven();
        audit.record(AuditActor.user(redeemed.user()), "user.email_verified", "user", redeemed.user().toString(), null,
                JsonP.createObjectBuilder().add("email_verified", true).build());
    }

    /**
     * Queues the reset asked for an address as one sealed row of the outbox, whatever the address (S2): the look-up,
     * the send budget, the link and the mail are {@link #sendPasswordReset}'s, which the mail dispatcher runs off the
     * request path. Answers nothing, and does the same work either way, so the caller learns neither from the answer
     * nor from its time whether the address has an account (done here, that work answered a known address later).
     */
    public void requestPasswordReset(String typedEmail) {
        outbox.enqueueRequest(MailKind.PASSWORD_RESET_REQUEST, EmailAddress.parse("email", typedEmail).value());
    }

    /**
     * A queued reset request, carried out by the mail dispatcher in a transaction of its own: a reset e-mail to the
     * stored address when the address has an account and its send budget allows one (the throttle logs a refusal,
     * without the address); nothing otherwise.
     */
    public void sendPasswordReset(String address) {
        account(new EmailAddress(address)).ifPresent(account -> {
            TenantScope.enter(em, account.tenant());
            if (throttle.mail(MailKind.PASSWORD_RESET, account.tenant(), account.email()).allowed()) {
                withdrawResetLinks(account.user());
                mail.passwordReset(account.email(),
                        new EmailTokens(em).issue(account.user(), EmailToken.PASSWORD_RESET, RESET_LIFETIME));
            }
        });
    }

    /**
     * Sets the new password and signs the user out everywhere, sign-ins waiting for a second factor too; answers the
     * user's e-mail.
     */
    public String resetPassword(String token, String passwordHash) {
        EmailTokens.Redeemed redeemed = new EmailTokens(em).redeem(token, EmailToken.PASSWORD_RESET)
                .orElseThrow(() -> new InvalidField("token", "is not valid (unknown, used or expired)"));
        User user = em.find(User.class, redeemed.user());
        em.find(Person.class, user.personId()).setPasswordHash(passwordHash);
        withdrawResetLinks(user.id());
        withdrawChallenges(user.id());
        int ended = endSessionsOfPerson(redeemed.tenant(), user.id(), null);
        audit.record(AuditActor.user(user.id()), "user.password_reset", "user", user.id().toString(), null,
                JsonP.createObjectBuilder().add("sessions_revoked", ended).build());
        return user.email();
    }

    public String passwordHashOf(UUID tenant, UUID user) {
        TenantScope.enter(em, tenant);
        return person(user).passwordHash();
    }

    /**
     * Whether the member has a password (none: signed in through SSO only), which decides what a change to their
     * second factor asks (S8); GET /auth/me says it, for the console.
     */
    public boolean hasPassword(UUID tenant, UUID user) {
        return passwordHashOf(tenant, user) != null;
    }

    /** The person's e-mail address, which keys their sign-in throttle (S2). */
    public String emailOf(UUID tenant, UUID user) {
        TenantScope.enter(em, tenant);
        return person(user).email();
    }

    /**
     * A changed password: every other session of the person ends, in every tenant, and so does every sign-in of theirs
     * still waiting for its second factor (S3).
     */
    public void replacePassword(UUID tenant, UUID user, String passwordHash, UUID keepSession) {
        TenantScope.enter(em, tenant);
        person(user).setPasswordHash(passwordHash);
        withdrawResetLinks(user);
        withdrawChallenges(user);
        int ended = endSessionsOfPerson(tenant, user, keepSession);
        audit.record(AuditActor.user(user), "user.password_changed", "user", user.toString(), null,
                JsonP.createObjectBuilder().add("sessions_revoked", ended).build());
    }

    /** Replaces a hash made at a lower cost, after a successful sign-in (S1). */
    /**
     * Replaces the person's hash of the password just verified ({@code verified}) with one at today's cost; refused
     * (401) when the password changed since it was verified: overwriting it would have brought the old one back.
     */
    public void rehash(UUID tenant, UUID user, String verified, String passwordHash) {
        TenantScope.enter(em, tenant);
        int replaced = em.createNativeQuery("UPDATE people SET password_hash = ?1 WHERE id = ?2 AND password_hash = ?3")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, passwordHash).setParameter(2, em.find(User.class, user).personId())
                .setParameter(3, verified).executeUpdate();
        if (replaced != 1) {
            throw new InvalidCredentials();
        }
    }

    private Person person(UUID user) {
        return em.find(Person.class, em.find(User.class, user).personId());
    }

    /**
     * The person's unused password-reset links, in every tenant, no longer work: a newer link replaces them, and a
     * changed or reset password ends them, as it ends the sessions (V34). Kept, a link read from the mailbox by
     * someone else still took the account after its owner had changed the password.
     */
    private void withdrawResetLinks(UUID user) {
        em.createNativeQuery("SELECT person_password_resets_withdraw(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, user).getSingleResult();
    }

    /**
     * The person's sign-ins waiting for their second factor, in every tenant (V54): each passed its first step with
     * the password just replaced, and must not open a session after it.
     */
    private void withdrawChallenges(UUID user) {
        em.createNativeQuery("SELECT person_mfa_challenges_withdraw(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, user).getSingleResult();
    }

    /** The person's password is one for all their tenants: so are the sessions it ends (V26). */
    private int endSessionsOfPerson(UUID tenant, UUID user, UUID keepSession) {
        return sessions.revokeAllOfPerson(tenant, user, keepSession);
    }

    /**
     * The account of exactly this spelling: the person's membership used last, in whatever tenant. For sign-in,
     * reset and uniqueness.
     */
    public Optional<Account> account(EmailAddress email) {
        return memberships(email).stream().findFirst();
    }

    /** The signed-in member's own account (their person, by address): for joining a tenant as themselves. */
    public Account signedIn(UUID tenant, UUID user) {
        TenantScope.enter(em, tenant);
        User member = em.find(User.class, user);
        return new Account(tenant, user, member.email(), null, member.personId());
    }

    /** Every membership of the person with exactly this spelling, the one used last first (V26). */
    public List<Account> memberships(EmailAddress email) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, tenant_id, email, password_hash, person_id FROM account_by_email(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, email.value())
                .getResultList();
        return rows.stream().map(r -> new Account(UUID.fromString(r[1].toString()), UUID.fromString(r[0].toString()),
                (String) r[2], (String) r[3], UUID.fromString(r[4].toString()))).toList();
    }

    private boolean firstSignUpFrom(String clientIp) {
        // Writes the tenant first: EclipseLink does not order the tenant row before the owner's on its own.
        em.flush();
        try {
            return new SignUpAddresses(pseudonyms.forPurpose(PseudonymKeys.SIGNUP_ADDRESSES))
                    .firstFrom(em.unwrap(Connection.class), clientIp);
        } catch (SQLException e) {
            throw new IllegalStateException("The sign-up address could not be remembered", e);
        }
    }

    /** An account found by e-mail; {@code email} is the address as stored, the only one mail goes to. */
    public record Account(UUID tenant, UUID user, String email, String passwordHash, UUID person) {
    }
}
