package ai.humane.accounts.boundary;

import ai.humane.accounts.control.AccountMail;
import ai.humane.accounts.control.AccountMail.SecondFactorChange;
import ai.humane.accounts.control.EmailNotVerified;
import ai.humane.accounts.control.PasswordStanding;
import ai.humane.accounts.control.InvalidCredentials;
import ai.humane.accounts.control.MfaChallengeHandle;
import ai.humane.accounts.control.PasswordSignInRule;
import ai.humane.accounts.control.Reauthentication;
import ai.humane.accounts.control.RecoveryCodes;
import ai.humane.accounts.control.SecondFactorRows;
import ai.humane.accounts.control.SignInTooOld;
import ai.humane.accounts.control.Totp;
import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.SendThrottle;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.sessions.control.SessionPolicy;
import ai.humane.sessions.entity.UserSession;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The TOTP second factor (S8): enrolment (a pending secret, confirmed by a first code, which also hands out the
 * recovery codes once), disabling (refused under a BAA, O6), and the second step of sign-in. Every code typed is
 * throttled like a password (S2), per account and client address, under a key of its own, so a password reset
 * lifts nothing here. Enabling, disabling and the use of a recovery code are audited (L1); enabling, disabling and
 * new recovery codes are mailed to the person, a security notice.
 * <p>
 * Starting an enrolment, new recovery codes and disabling ask the person to prove, in the request itself, that they
 * are at the keyboard ({@link Reauthentication}): their current password, checked by {@code Passwords} before this
 * bean's transaction (bcrypt runs outside one, S1), or, for a member who has none (SSO only), a sign-in of the last
 * {@link SessionPolicy#RECENT_SIGN_IN}. A session alone, however fresh, could otherwise enrol a thief's authenticator
 * and shut the owner out for good, a password reset included.
 */
@Stateless
public class SecondFactors {

    static final String ISSUER = "Humane";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption encryption;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    @Inject
    LoginAttempts attempts;

    @Inject
    AccountMail mail;

    @Inject
    SendThrottle throttle;

    /** What a correct code does not override, as for the password (an {@code Instance}: Passwords injects this bean). */
    @Inject
    @Any
    Instance<PasswordSignInRule> rules;

    private final Totp totp = new Totp();

    /**
     * Starts an enrolment, for the person's password or, without one, a recent sign-in ({@code session}: the cookie's,
     * or the one the access token was issued from); only once the person's address is proven.
     */
    public Enrolment enrol(TenantCaller caller, UUID session, Reauthentication proof) {
        SecondFactorRows rows = rows(caller.tenantId());
        SecondFactorRows.Factor factor = rows.of(caller.actorId());
        requireReauthentication(factor, proof, session);
        if (factor.enabled()) {
            throw new Conflict("A second factor is already enabled: disable it before enrolling another");
        }
        if (!factor.emailVerified()) {
            // Anyone may sign up with an address (S7): a factor enrolled before the address is proven would stay with
            // the account when its owner takes it back with a reset, and lock them out (a review, 2026-12-07).
            throw new EmailNotVerified("Verify the account's e-mail address before enrolling a second factor");
        }
        byte[] secret = Totp.newSecret();
        rows.pending(caller.actorId(), encryption.seal(Totp.base32(secret)));
        return new Enrolment(Totp.base32(secret), Totp.provisioningUri(ISSUER, factor.email(), secret));
    }

    /**
     * Enables the pending secret with its first code, for the person in every tenant (V27); the person's other
     * sessions end, in every tenant; answers the recovery codes, once. The code proves the pending secret, which only
     * a reauthenticated enrolment made, so a member with a password is not asked it again; one without is asked for
     * a recent sign-in still, as the enrolment was.
     */
    public List<String> confirm(TenantCaller caller, UUID keepSession, UUID session, String code, String clientIp) {
        SecondFactorRows rows = rows(caller.tenantId());
        SecondFactorRows.Factor factor = rows.of(caller.actorId());
        if (!factor.hasPassword()) {
            requireRecentSignIn(session);
        }
        if (factor.enabled() || factor.sealedSecret() == null) {
            throw new Conflict(factor.enabled() ? "The second factor is already enabled" : "Start an enrolment first");
        }
        long step = provenStep(caller.actorId(), factor, code, clientIp)
                .orElseThrow(() -> new InvalidField("code", "is not the authenticator's current code"));
        List<String> codes = RecoveryCodes.generate();
        if (!rows.enable(caller.actorId(), factor.sealedSecret(), step, codes.stream().map(RecoveryCodes::hash).toList())) {
            throw new Conflict("The enrolment changed while this code was checked; start again");
        }
        int ended = sessions.revokeAllOfPerson(caller.tenantId(), caller.actorId(), keepSession);
        audit.record(AuditActor.of(caller), "user.mfa_enabled", "user", caller.actorId().toString(),
                JsonP.createObjectBuilder().add("mfa", false).build(),
                JsonP.createObjectBuilder().add("mfa", true).add("method", "totp").add("sessions_revoked", ended).build());
        tell(caller, factor.email(), SecondFactorChange.ENABLED, clientIp);
        return codes;
    }

    /**
     * Ten new recovery codes for the person's enabled factor, the unused old ones void, for one who has spent or
     * lost theirs; answers them, once. Asks what an enrolment asks (the password, or without one a recent sign-in)
     * and the authenticator's current code: a recovery code cannot buy ten more.
     */
    public List<String> regenerateRecoveryCodes(TenantCaller caller, UUID session, Reauthentication proof, String code,
                                                String clientIp) {
        SecondFactorRows rows = rows(caller.tenantId());
        SecondFactorRows.Factor factor = rows.of(caller.actorId());
        requireReauthentication(factor, proof, session);
        if (!factor.enabled()) {
            throw new Conflict("No second factor is enabled");
        }
        if (code == null || !code.matches("\\d{6}") || provenStep(caller.actorId(), factor, code, clientIp).isEmpty()) {
            throw new InvalidField("code", "is not the authenticator's current code");
        }
        List<String> codes = RecoveryCodes.generate();
        if (!rows.replaceRecoveryCodes(caller.actorId(), codes.stream().map(RecoveryCodes::hash).toList())) {
            throw new Conflict("The second factor was disabled while this code was checked");
        }
        audit.record(AuditActor.of(caller), "user.recovery_codes_regenerated", "user", caller.actorId().toString(),
                null, JsonP.createObjectBuilder().add("recovery_codes", codes.size()).build());
        tell(caller, factor.email(), SecondFactorChange.RECOVERY_CODES_REPLACED, clientIp);
        return codes;
    }

    /**
     * Disables with a current code or a recovery code, and what an enrolment asks (the password, or without one a
     * recent sign-in); a tenant under a BAA keeps its members' second factor.
     */
    public void disable(TenantCaller caller, UUID session, Reauthentication proof, String code, String clientIp) {
        SecondFactorRows rows = rows(caller.tenantId());
        SecondFactorRows.Factor factor = rows.of(caller.actorId());
        requireReauthentication(factor, proof, session);
        if (!factor.enabled()) {
            throw new Conflict("No second factor is enabled");
        }
        // The factor is the person's (V27): a BAA of any of their tenants keeps it, not only the current one's.
        if (em.find(Tenant.class, caller.tenantId()).underBaa() || rows.requiredByAnyTenant(caller.actorId())) {
            throw new Conflict("Under a BAA every member keeps a second factor");
        }
        if (!proves(caller.actorId(), factor, code, clientIp)) {
            throw new InvalidField("code", "is neither the authenticator's current code nor an unused recovery code");
        }
        rows.disable(caller.actorId());
        audit.record(AuditActor.of(caller), "user.mfa_disabled", "user", caller.actorId().toString(),
                JsonP.createObjectBuilder().add("mfa", true).build(), JsonP.createObjectBuilder().add("mfa", false).build());
        tell(caller, factor.email(), SecondFactorChange.DISABLED, clientIp);
    }

    /** The person hears of the change (S8), within their notice budget (A3): one toggled in a loop floods nobody. */
    private void tell(TenantCaller caller, String address, SecondFactorChange change, String clientIp) {
        if (throttle.notice(MailKind.SECOND_FACTOR_CHANGED, caller.tenantId(), address).allowed()) {
            mail.secondFactorChanged(address, change, clientIp);
        }
    }

    /**
     * At sign-in, once the first step is proven (the password, or an identity provider's word): a challenge when the
     * member has a second factor. Its answer opens the person's session, or, when {@code connection} (the tenant's own
     * SSO connection that vouched) is given, that tenant's session, which ends with the connection (V59).
     */
    public Optional<MfaChallengeHandle> challengeIfEnrolled(UUID tenant, UUID user, UUID connection) {
        return challengeIfEnrolled(tenant, user, connection, null);
    }

    /**
     * As {@link #challengeIfEnrolled(UUID, UUID, UUID)} after a password ({@code verified}, its hash as checked): only
     * while it is still the person's ({@link PasswordStanding}).
     */
    public Optional<MfaChallengeHandle> challengeAfterPassword(UUID tenant, UUID user, String verified) {
        return challengeIfEnrolled(tenant, user, null, verified);
    }

    private Optional<MfaChallengeHandle> challengeIfEnrolled(UUID tenant, UUID user, UUID connection, String verified) {
        SecondFactorRows rows = rows(tenant);
        if (!rows.of(user).enabled()) {
            return Optional.empty(); // the session's opening checks the password's standing (Sessions.openWithPassword)
        }
        if (verified != null) {
            PasswordStanding.require(em, user, verified);
        }
        MfaChallengeHandle handle = MfaChallengeHandle.issue(tenant);
        if (connection == null) {
            rows.challenge(user, handle);
        } else {
            rows.challenge(user, handle, SecondFactorRows.Opens.TENANT, SecondFactorRows.AnsweredBy.CODE, connection);
        }
        return Optional.of(handle);
    }

    /**
     * A session moving to another of the person's memberships while the person has a second factor (V26, V27): its
     * code (or a recovery code) is asked again, so that a session never reaches another tenant on what it proved
     * before (a session opened before the factor was enrolled, say).
     */
    public void requireIfEnrolled(UUID tenant, UUID user, String code, String clientIp) {
        SecondFactorRows.Factor factor = rows(tenant).of(user);
        if (factor.enabled() && (code == null || !proves(user, factor, code, clientIp))) {
            throw new InvalidField("code", "is required and must be the authenticator's current code or a recovery code:"
                    + " the person has a second factor");
        }
    }

    /** Whether the member has a second factor turned on (what GET /auth/me says, for the console). */
    public boolean enabled(UUID tenant, UUID user) {
        return rows(tenant).of(user).enabled();
    }

    /**
     * The second step of sign-in: a live challenge and a code (or recovery code) open a session, once. A challenge of
     * the password or Google opens the person's session, and the tenant's rules are asked again first: the first
     * step's answer is up to a challenge's life old, and a tenant that started requiring SSO for the person's domain
     * since then refuses (its switch ends only sessions already open). A challenge of a tenant's own connection opens
     * that tenant's session only, as the connection's sign-in would have ({@code SsoSignIn}).
     */
    public OpenedSession signIn(String challenge, String code, String clientIp, String userAgent) {
        MfaChallengeHandle handle = MfaChallengeHandle.parse(challenge).orElseThrow(InvalidCredentials::new);
        SecondFactorRows rows = rows(handle.tenant());
        SecondFactorRows.Challenged challenged = rows.challenged(handle, SecondFactorRows.AnsweredBy.CODE)
                .orElseThrow(InvalidCredentials::new);
        UUID user = challenged.user();
        SecondFactorRows.Factor factor = rows.of(user);
        // A tenant's own connection's challenge is that tenant's: its wrong codes count there only, so that a tenant's
        // identity provider (its owner's) cannot hold the person's codes back in their other tenants.
        String key = challenged.opens() == SecondFactorRows.Opens.TENANT
                ? throttleKey(factor.person(), handle.tenant()) : throttleKey(factor.person());
        if (!proves(user, factor, code, clientIp, key) || !rows.spend(challenged.hash())) {
            throw new InvalidCredentials();
        }
        if (challenged.opens() == SecondFactorRows.Opens.TENANT) {
            return sessions.openThrough(handle.tenant(), user, challenged.connection(), clientIp, userAgent);
        }
        rules.forEach(rule -> rule.admit(handle.tenant(), user, factor.email()));
        return sessions.openForPerson(handle.tenant(), user, clientIp, userAgent);
    }

    /** {@link #proves(UUID, SecondFactorRows.Factor, String, String, String)} under the person's own key. */
    private boolean proves(UUID user, SecondFactorRows.Factor factor, String code, String clientIp) {
        return proves(user, factor, code, clientIp, throttleKey(factor.person()));
    }

    /**
     * A current code (a step not used before) or an unused recovery code; a failure counts against S2 under
     * {@code key}.
     */
    private boolean proves(UUID user, SecondFactorRows.Factor factor, String code, String clientIp, String key) {
        if (code != null && code.matches("\\d{6}")) {
            return provenStep(user, factor, code, clientIp, key).isPresent();
        }
        attempts.admit(key, clientIp);
        SecondFactorRows rows = new SecondFactorRows(em);
        int left = rows.useRecoveryCode(user, RecoveryCodes.hash(code));
        if (left < 0) {
            attempts.failed(clientIp);
            return false;
        }
        attempts.cleared(key);
        audit.record(AuditActor.user(user), "user.recovery_code_used", "user", user.toString(), null,
                JsonP.createObjectBuilder().add("recovery_codes_left", left).build());
        return true;
    }

    private Optional<Long> provenStep(UUID user, SecondFactorRows.Factor factor, String code, String clientIp) {
        return provenStep(user, factor, code, clientIp, throttleKey(factor.person()));
    }

    private Optional<Long> provenStep(UUID user, SecondFactorRows.Factor factor, String code, String clientIp,
                                      String key) {
        attempts.admit(key, clientIp);
        byte[] secret = Totp.base32Decode(encryption.open(factor.sealedSecret()));
        var step = totp.matchingStep(secret, code, Instant.now(), factor.lastStep());
        if (step.isEmpty() || !new SecondFactorRows(em).useStep(user, step.getAsLong())) {
            attempts.failed(clientIp);
            return Optional.empty();
        }
        attempts.cleared(key);
        return Optional.of(step.getAsLong());
    }

    /**
     * Not an e-mail address (it has no {@code @}), so it never shares a counter with one; the person's, like the
     * factor (V27), so that a second tenant is no second budget of guesses.
     */
    private static String throttleKey(UUID person) {
        return "mfa:" + person;
    }

    /** A tenant's own connection's challenge: that tenant's budget of the person's guesses, not the person's. */
    private static String throttleKey(UUID person, UUID tenant) {
        return throttleKey(person) + ":" + tenant;
    }

    /**
     * A member with a password typed it (checked before this transaction); one without signed in recently. A password
     * set or removed between the check and here is read here, so neither path is skipped.
     */
    private void requireReauthentication(SecondFactorRows.Factor factor, Reauthentication proof, UUID session) {
        if (factor.hasPassword() && proof != Reauthentication.PASSWORD) {
            throw new InvalidField("current_password", "is required: a change to the second factor asks for the"
                    + " current password");
        }
        if (!factor.hasPassword()) {
            requireRecentSignIn(session);
        }
    }

    /**
     * A sign-in of the last 5 minutes; and, when a tenant's own connection opened it (it vouches for that tenant only),
     * the person has no membership in another tenant: the second factor is the person's, in every tenant, so the owner
     * of one tenant's identity provider, who can sign its people in there, must not set or remove it for their others
     * (a review, 2026-12-07).
     */
    private void requireRecentSignIn(UUID session) {
        UserSession opened = session == null ? null : em.find(UserSession.class, session);
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(SessionPolicy.RECENT_SIGN_IN);
        if (opened == null || !opened.createdAt().isAfter(since)) {
            throw new SignInTooOld();
        }
        if (!opened.forPerson() && membershipsOf(session) > 1) {
            throw new SignInTooOld("A sign-in through an organisation's own identity provider vouches for that"
                    + " organisation only, and the second factor holds in every organisation of yours: sign in with"
                    + " Google or a password, then retry");
        }
    }

    /** How many tenants the person behind the live session {@code session} of the tenant in scope is a member of. */
    private int membershipsOf(UUID session) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM person_tenants(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, session).getSingleResult())
                .intValue();
    }

    private SecondFactorRows rows(UUID tenant) {
        TenantScope.enter(em, tenant);
        return new SecondFactorRows(em);
    }

    /** The secret as an authenticator app takes it, typed or scanned from the URI. */
    public record Enrolment(String secret, String provisioningUri) {
    }
}
