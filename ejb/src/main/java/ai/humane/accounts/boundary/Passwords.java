package ai.humane.accounts.boundary;

import ai.humane.accounts.control.EmailAddress;
import ai.humane.accounts.control.InvalidCredentials;
import ai.humane.accounts.control.PasswordHashing;
import ai.humane.accounts.control.PasswordPolicy;
import ai.humane.accounts.control.PasswordSignInRule;
import ai.humane.accounts.control.Reauthentication;
import ai.humane.accounts.control.SecondFactorRequired;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * The flows that run bcrypt (S1), outside any transaction so no connection waits on a hash. Sign-in
 * (S2, S3): the throttle first, then bcrypt (a dummy hash for unknown e-mails, so both failures look
 * and last alike), then the counters and a new session. Sign-up, change and reset check the policy
 * before hashing.
 */
@ApplicationScoped
public class Passwords {

    @Inject
    LoginAttempts attempts;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHashing hashing;

    @Inject
    Sessions sessions;

    @Inject
    SecondFactors secondFactors;

    /** What a correct password does not override (SSO required for the person's domain). */
    @Inject
    @Any
    Instance<PasswordSignInRule> rules;

    /**
     * Signs up, or mails the owner of an existing account: the password is hashed either way, so both
     * take the same bcrypt time; answers the address in its one spelling.
     */
    public EmailAddress signUp(String email, String password, String name, String organization, String clientIp) {
        EmailAddress address = EmailAddress.parse("email", email);
        PasswordPolicy.require("password", password);
        accounts.signUp(address, hashing.hash(password), name, organization, clientIp);
        return address;
    }

    public OpenedSession signIn(String typedEmail, String password, String clientIp, String userAgent) {
        EmailAddress address = EmailAddress.parse("email", typedEmail);
        String email = address.value();
        attempts.admit(email, clientIp);
        List<Accounts.Account> memberships = accounts.memberships(address);
        Optional<Accounts.Account> account = memberships.stream().findFirst();
        if (!checked(email, password, account.map(Accounts.Account::passwordHash).orElse(null))) {
            attempts.failed(clientIp);
            throw new InvalidCredentials();
        }
        // Counted when admitted: a right password clears the count even when a membership rule refuses it below.
        attempts.cleared(email);
        Accounts.Account found = firstAdmitted(memberships);
        String verified = found.passwordHash();
        if (PasswordHashing.needsRehash(verified)) {
            String rehashed = hashing.hash(password);
            accounts.rehash(found.tenant(), found.user(), verified, rehashed);
            verified = rehashed;
        }
        // S8: with a second factor the password opens a challenge, not a session (its row is committed first). Each
        // only while the password checked is still the person's (PasswordStanding): a change in between ends neither.
        secondFactors.challengeAfterPassword(found.tenant(), found.user(), verified).ifPresent(challenge -> {
            throw new SecondFactorRequired(challenge.value());
        });
        return sessions.openWithPassword(found.tenant(), found.user(), verified, clientIp, userAgent);
    }

    /**
     * The membership the sign-in opens: the one used last that every rule admits (a tenant requiring SSO for the
     * person's domain refuses its membership, not the person's others); none admitted: the first refusal. A global
     * provider's sign-in (Google, V27) stands where the password does and asks the same.
     */
    public Accounts.Account firstAdmitted(List<Accounts.Account> memberships) {
        RuntimeException refusal = null;
        for (Accounts.Account membership : memberships) {
            try {
                rules.forEach(rule -> rule.admit(membership.tenant(), membership.user(), membership.email()));
                return membership;
            } catch (RuntimeException refused) {
                refusal = refusal == null ? refused : refusal;
            }
        }
        throw refusal;
    }

    /** A rule of a tenant the session is moving to, as at sign-in (V26). */
    public void admit(UUID tenant, UUID user, String email) {
        rules.forEach(rule -> rule.admit(tenant, user, email));
    }

    /**
     * An invitation to an address that already has an account is accepted with that account's password, throttled
     * as a sign-in (S2); answers the account, or nothing when the address has none. A wrong password: 401.
     */
    public Optional<Accounts.Account> provenAccount(String email, String password, String clientIp) {
        Optional<Accounts.Account> account = accounts.account(EmailAddress.parse("email", email));
        if (account.isEmpty()) {
            return account;
        }
        if (!verifiedAsASignIn(email, clientIp, password, account.get().passwordHash())) {
            throw new InvalidCredentials();
        }
        return account;
    }

    /** A new password (an invited member's), checked against the policy and hashed in the bounded pool (S1). */
    public String hashNew(String password) {
        PasswordPolicy.require("password", password);
        return hashing.hash(password);
    }

    /**
     * Changes the caller's password after checking the current one, throttled as a sign-in (S2): unthrottled, a
     * stolen session or access token could guess the password at bcrypt's pace and turn a revocable session into the
     * person's password. Other sessions end.
     */
    public void changePassword(TenantCaller caller, UUID keepSession, String current, String next, String clientIp) {
        requireCurrent(caller, current, accounts.passwordHashOf(caller.tenantId(), caller.actorId()), clientIp);
        PasswordPolicy.require("new_password", next);
        accounts.replacePassword(caller.tenantId(), caller.actorId(), hashing.hash(next), keepSession);
    }

    /**
     * The current password typed again before the caller's second factor changes (S8), checked, counted and throttled
     * exactly as the password change checks it: a wrong one is 400 on {@code current_password}, and guesses wait as
     * sign-ins do (S2). {@link Reauthentication#NONE} when none was typed or the member has none (signed in through
     * SSO only; a password sent by such a member is not looked at): {@code SecondFactors} then refuses the one and
     * asks the other for a recent sign-in.
     */
    public Reauthentication reauthenticate(TenantCaller caller, String current, String clientIp) {
        String storedHash = accounts.passwordHashOf(caller.tenantId(), caller.actorId());
        if (storedHash == null || current == null) {
            return Reauthentication.NONE;
        }
        requireCurrent(caller, current, storedHash, clientIp);
        return Reauthentication.PASSWORD;
    }

    private void requireCurrent(TenantCaller caller, String current, String storedHash, String clientIp) {
        if (!verifiedAsASignIn(accounts.emailOf(caller.tenantId(), caller.actorId()), clientIp, current, storedHash)) {
            throw new InvalidField("current_password", "is not the current password");
        }
    }

    /**
     * A password checked as a sign-in checks it (S2): refused while the address or the account waits, counted
     * against the account before it is checked, a wrong one also against the address, a right one clearing the
     * account's count.
     */
    private boolean verifiedAsASignIn(String email, String clientIp, String password, String storedHash) {
        attempts.admit(email, clientIp);
        if (!checked(email, password, storedHash)) {
            attempts.failed(clientIp);
            return false;
        }
        attempts.cleared(email);
        return true;
    }

    /** An admitted password checked by bcrypt; one the pool refuses (503) was not checked and is given back. */
    private boolean checked(String email, String password, String storedHash) {
        try {
            return hashing.verify(password, storedHash);
        } catch (BulkheadException refused) {
            attempts.unchecked(email);
            throw refused;
        }
    }

    /** Sets a new password from a reset token; the account's throttle is lifted with it. */
    public void resetPassword(String token, String next) {
        PasswordPolicy.require("new_password", next);
        attempts.cleared(accounts.resetPassword(token, hashing.hash(next)));
    }
}
