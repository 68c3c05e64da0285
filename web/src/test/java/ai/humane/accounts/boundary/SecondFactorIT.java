package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.control.Totp;
import ai.humane.testing.Api;
import ai.humane.testing.AuthenticatorCodes;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonString;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TOTP second factor (S8) over HTTP: enrolment with a sealed secret and recovery codes shown once, the password
 * answered with a one-time challenge, codes and recovery codes used once, attempts throttled as sign-in (S2), every
 * change but the confirmation asking for the current password (or, without one, a sign-in of the last 5 minutes),
 * and every change audited and mailed to the person.
 */
public class SecondFactorIT extends HttpTest {

    private static final String ENROL = "api/v1/auth/mfa/totp";
    private static final String ENABLED = "A second factor was turned on";
    private static final String DISABLED = "The second factor of your Humane account was turned off";
    private static final String NEW_CODES = "New recovery codes were made";

    private final Api api = new Api(deployment);

    @BeforeEach
    void freshThrottle() {
        People.forgetLoopback();
    }

    @Test
    void enrolledMembersSignInWithACodeOnceAndARecoveryCodeOnce() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Totp");
        String email = People.member(tenant.tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Enrolled enrolled = enrol(browser);
        assertTrue(enrolled.uri().startsWith("otpauth://totp/Humane:" + email.replace("@", "%40") + "?secret="),
                enrolled.uri());
        String stored = Rows.single("SELECT totp_secret FROM people WHERE email = ?", email);
        assertTrue(stored.startsWith("gAAAAA") && !stored.contains(Totp.base32(enrolled.secret())), stored);
        assertEquals(10, enrolled.recoveryCodes().size());
        assertEquals("10", Rows.single("SELECT cardinality(totp_recovery_codes)::text FROM people WHERE email = ?", email));

        Api.Answer password = login(email);
        assertEquals(401, password.status(), password.body());
        assertEquals("https://humane.ai/problems/mfa-required", password.problemType());
        assertTrue(password.headers().allValues("Set-Cookie").isEmpty());
        String challenge = password.header("Humane-MFA-Challenge");
        String first = code(enrolled, 0);
        Api.Answer signedIn = answer(challenge, first);
        assertEquals(200, signedIn.status(), signedIn.body());
        assertFalse(signedIn.headers().allValues("Set-Cookie").isEmpty());
        assertEquals(401, answer(challenge, code(enrolled, 30)).status(), "a challenge is answered once");
        assertEquals(401, answer(login(email).header("Humane-MFA-Challenge"), first).status(), "a code is used once");
        String recovery = enrolled.recoveryCodes().get(3);
        assertEquals(200, answer(login(email).header("Humane-MFA-Challenge"), recovery.toLowerCase()).status());
        assertEquals(401, answer(login(email).header("Humane-MFA-Challenge"), recovery).status(),
                "a recovery code is used once");
        assertEquals("user.mfa_enabled,user.recovery_code_used", Rows.single("SELECT string_agg(action, ',' ORDER BY seq)"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action LIKE 'user.%'", tenant.tenantId()));
        assertFalse(Rows.single("SELECT string_agg(t::text, ' ') FROM admin_audit_events t WHERE tenant_id = ?",
                tenant.tenantId()).contains(recovery));
    }

    /**
     * A sign-in waiting for its second factor passed its first step with the password of that moment: a change or a
     * reset of the password withdraws it, as it ends the person's sessions (S3). Until V54 either could still be
     * answered with a code, and open a session, for the rest of its 5 minutes (broken once, without the withdrawal:
     * 200 where 401 was due).
     */
    @Test
    void aChangedOrResetPasswordWithdrawsTheSignInsWaitingForTheSecondFactor() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Withdrawn");
        String email = People.member(tenant.tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Enrolled enrolled = enrol(browser);
        String beforeTheChange = login(email).header("Humane-MFA-Challenge");
        String changed = "Tq8-vLp2-Zr5-Wm9-changed";
        assertEquals(204, browser.write("POST", "api/v1/auth/password", "{\"current_password\":\"" + People.PASSWORD
                + "\",\"new_password\":\"" + changed + "\"}").status());
        assertEquals(401, answer(beforeTheChange, code(enrolled, 0)).status(), "withdrawn by the change");

        String beforeTheReset = api.post("api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\""
                + changed + "\"}").header("Humane-MFA-Challenge");
        assertNotNull(beforeTheReset, "the changed password passes the first step");
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + email + "\"}").status());
        String link = Mailbox.tokensTo(email, "Reset your Humane password", 1).get(0);
        assertEquals(204, api.post("api/v1/auth/password-reset/confirm", null, "{\"token\":\"" + link
                + "\",\"new_password\":\"Tq8-vLp2-Zr5-Wm9-reset\"}").status());
        assertEquals(401, answer(beforeTheReset, code(enrolled, 0)).status(), "withdrawn by the reset");
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions WHERE tenant_id = ? AND revoked_at IS NULL",
                tenant.tenantId()), "neither opened a session");
    }

    @Test
    void wrongCodesAreThrottledLikePasswords() {
        TenantProvisioning.Provisioned tenant = Tenants.create("TotpThrottle");
        String email = People.member(tenant.tenantId(), "viewer");
        Enrolled enrolled = enrol(Browser.signIn(api, email, People.PASSWORD));
        String challenge = login(email).header("Humane-MFA-Challenge");
        String right = code(enrolled, 0);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 6; i++) {
            assertEquals(401, answer(challenge, wrong).status());
        }
        // The sixth failure blocked the account's key (and not yet the address's: 20 are free there) for a
        // second; made to last, so that what follows does not race the clock.
        assertEquals(1, Rows.execute("UPDATE login_throttle SET blocked_until = now() + interval '1 hour'"
                + " WHERE blocked_until > now() - interval '1 minute'"));
        Api.Answer throttled = answer(challenge, right);
        assertEquals(429, throttled.status(), throttled.body());
        assertNotNull(throttled.header("Retry-After"));
        People.forgetLoopback();
        assertEquals(200, answer(challenge, right).status(), "the challenge outlives the wait");
    }

    @Test
    void disablingNeedsACodeAndIsAudited() {
        TenantProvisioning.Provisioned tenant = Tenants.create("TotpOff");
        String email = People.member(tenant.tenantId(), "admin");
        Enrolled enrolled = enrol(Browser.signIn(api, email, People.PASSWORD));
        Browser browser = signInWithCode(email, enrolled, 0);
        String path = "api/v1/auth/mfa/totp/disable";
        assertEquals(400, browser.write("POST", path, People.codeWithPassword("12345678")).status());
        String recovery = enrolled.recoveryCodes().get(0);
        assertRefusedOn("current_password", browser.write("POST", path, "{\"code\":\"" + recovery + "\"}"));
        assertRefusedOn("current_password", browser.write("POST", path,
                "{\"code\":\"" + recovery + "\",\"current_password\":\"not the password at all\"}"));
        assertEquals("10", Rows.single("SELECT cardinality(totp_recovery_codes)::text FROM people WHERE email = ?", email),
                "a refused password spends no recovery code");
        // Security notices are no list one can leave: an opt-out of notifications changes nothing.
        Rows.execute("INSERT INTO email_opt_outs (tenant_id, user_id, list) VALUES (?, ?, 'notifications')",
                tenant.tenantId(), People.idOf(email));
        assertEquals(204, browser.write("POST", path, People.codeWithPassword(recovery)).status());
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", email));
        assertEquals("0", Rows.single("SELECT cardinality(totp_recovery_codes)::text FROM people WHERE email = ?", email));
        assertEquals(200, login(email).status());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'user.mfa_disabled'", tenant.tenantId()));
        assertSecurityNotice(email, DISABLED, recovery);
    }

    @Test
    void badUnauthorisedAndCrossTenantAnswersAreRefusedAndStoreNothing() {
        TenantProvisioning.Provisioned tenant = Tenants.create("TotpBad");
        String email = People.member(tenant.tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        assertEquals(401, api.post(ENROL, null, People.CURRENT_PASSWORD).status());
        assertEquals(400, api.post(ENROL, tenant.apiKey(), People.CURRENT_PASSWORD).status(), "API keys have no factor");
        assertEquals(403, browser.writeWithoutCsrf("POST", ENROL, People.CURRENT_PASSWORD).status());
        assertProblem(400, browser.write("POST", ENROL, "{\"current_password\":"));
        assertProblem(400, browser.write("POST", ENROL, "{\"password\":\"" + People.PASSWORD + "\"}"));
        assertProblem(400, browser.write("POST", ENROL, "{\"current_password\":\"" + "p".repeat(1025) + "\"}"));
        assertProblem(413, browser.write("POST", ENROL, "{\"current_password\":\"" + "p".repeat(1_100_000) + "\"}"));
        for (String path : List.of("api/v1/auth/mfa/totp/recovery-codes", "api/v1/auth/mfa/totp/disable")) {
            assertProblem(400, browser.write("POST", path, "{\"code\":\"123456\",\"current_password\":"));
            assertProblem(400, browser.write("POST", path,
                    "{\"code\":\"123456\",\"current_password\":\"" + "p".repeat(1025) + "\"}"));
            assertProblem(413, browser.write("POST", path,
                    "{\"code\":\"123456\",\"current_password\":\"" + "p".repeat(1_100_000) + "\"}"));
            assertProblem(401, api.post(path, null, People.codeWithPassword("123456")));
        }
        assertEquals(409, browser.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":\"123456\"}").status());
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", email));
        Enrolled enrolled = enrol(browser);
        assertEquals(409, browser.write("POST", ENROL, People.CURRENT_PASSWORD).status(), "already enabled");
        assertEquals(400, browser.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":").status());
        assertEquals(400, browser.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":\"" + "1".repeat(33) + "\"}").status());
        assertEquals(413, browser.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":\"" + "1".repeat(1_100_000)
                + "\"}").status());

        String challenge = login(email).header("Humane-MFA-Challenge");
        assertEquals(400, api.post("api/v1/auth/mfa", null, "{\"challenge\":").status());
        assertEquals(400, api.post("api/v1/auth/mfa", null, "{\"challenge\":\"" + challenge + "\"}").status());
        assertEquals(400, api.post("api/v1/auth/mfa", null, "{\"challenge\":\"" + "c".repeat(201) + "\",\"code\":\"1\"}").status());
        assertEquals(413, api.post("api/v1/auth/mfa", null, "{\"challenge\":\"" + "c".repeat(1_100_000) + "\"}").status());
        assertEquals(401, answer("made-up", code(enrolled, 0)).status());
        TenantProvisioning.Provisioned other = Tenants.create("TotpOther");
        String moved = other.tenantId() + challenge.substring(36);
        assertEquals(401, answer(moved, code(enrolled, 0)).status(), "a challenge named under another tenant");
        assertEquals(200, answer(challenge, code(enrolled, 0)).status(), "the genuine challenge still works");
        assertEquals("0", Rows.single("SELECT count(*)::text FROM mfa_challenges WHERE tenant_id = ?", other.tenantId()));
    }

    /**
     * A confirmation that a second enrolment overtakes (here: the pending secret replaced while the confirmation waits
     * on the person's row) enables nothing: only the secret its code proved may be turned on (broken once: the
     * replacement, which no code proved, was enabled, 200).
     */
    @Test
    void aConfirmationOvertakenByAnotherEnrolmentEnablesNoUnprovenSecret() throws Exception {
        String email = People.member(Tenants.create("TotpOvertaken").tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer started = browser.write("POST", ENROL, People.CURRENT_PASSWORD);
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        String code = AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5));
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT 1 FROM people WHERE email = ? FOR UPDATE")) {
                lock.setString(1, email);
                lock.executeQuery().close();
            }
            var confirmed = CompletableFuture.supplyAsync(
                    () -> browser.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":\"" + code + "\"}"));
            Eventually.until("the confirmation waits on the person's row", () -> Rows.waitingOn(holder) == 1);
            Rows.execute(holder, "UPDATE people SET totp_secret = 'gAAAAA' || md5(random()::text) WHERE email = ?", email);
            holder.commit();
            Api.Answer answer = confirmed.get(30, TimeUnit.SECONDS);
            assertEquals(409, answer.status(), answer.body());
        }
        assertNull(Rows.single("SELECT totp_enabled_at::text FROM people WHERE email = ?", email), "nothing enabled");
    }

    /**
     * Enrolling needs the current password of a member who has one, however fresh the session: a cookie stolen a
     * minute after its sign-in cannot add the thief's authenticator and shut the owner out (broken once: 200 and a
     * pending secret without it). Missing or wrong, it is 400 on {@code current_password} with nothing pending; the
     * wrong ones count and wait as sign-ins do, exactly as a password change's guesses, so once the allowance is spent
     * even the right one waits (429). Right, it stands for a recent sign-in: an older session enrols with it.
     */
    /**
     * Anyone may sign up with an address (S7: only the first sign-up from a client address is held until verified), so
     * an account whose address is not proven cannot enrol a second factor, which would stay with the account when the
     * address's owner takes it back with a reset (a review, 2026-12-07; broken once: enrolled). Proven, it can.
     */
    @Test
    void anAccountWhoseAddressIsNotProvenCannotEnrol() {
        People.signUp(api, People.uniqueEmail("first-from-here"));
        String email = People.uniqueEmail("unproven");
        assertFalse(People.signUp(api, email).getBoolean("verification_required"), "a second sign-up from one address");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer refused = browser.write("POST", ENROL, People.CURRENT_PASSWORD);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/email-verification-required", refused.problemType());
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", email), "nothing pending");

        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "Verify your e-mail"));
        assertEquals(204, api.post("api/v1/auth/verify-email", null, "{\"token\":\"" + token + "\"}").status());
        enrol(browser);
    }

    @Test
    void enrollingNeedsTheCurrentPasswordWhoseGuessesAreThrottledAsSignIns() {
        String email = People.member(Tenants.create("TotpPassword").tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        assertTrue(browser.get("api/v1/auth/me").json().getBoolean("has_password"));
        assertRefusedOn("current_password", browser.write("POST", ENROL, "{}"));
        assertRefusedOn("current_password", browser.write("POST", ENROL, "{\"current_password\":null}"));
        int throttled = 0;
        for (int guess = 0; guess < 10 && throttled == 0; guess++) {
            Api.Answer wrong = browser.write("POST", ENROL, "{\"current_password\":\"guess number " + guess + " here\"}");
            if (wrong.status() == 429) {
                throttled = guess;
                assertEquals("https://humane.ai/problems/login-throttled", wrong.problemType());
            } else {
                assertRefusedOn("current_password", wrong);
            }
        }
        assertTrue(throttled > LoginThrottle.FREE_ACCOUNT_FAILURES, "no guess was throttled, or one too early: " + throttled);
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", email), "nothing pending");
        People.makeTheSignInBlockLast(LoginThrottle.accountKey(email));
        Api.Answer right = browser.write("POST", ENROL, People.CURRENT_PASSWORD);
        assertEquals(429, right.status(), "blocked, even for the right password: " + right.body());
        assertNotNull(right.header("Retry-After"));
        assertEquals(429, api.post("api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\""
                + People.PASSWORD + "\"}").status(), "the guesses were the sign-in's own count");

        People.forgetLoopback();
        ageSessions(email, "20 minutes");
        enrol(browser);
        assertSecurityNotice(email, ENABLED, null);
    }

    /**
     * A member without a password (signed in through SSO only) has none to type: enrolling, confirming, new codes and
     * disabling ask for a sign-in of the last 5 minutes instead, and a password sent is not looked at (broken once: a
     * window of 15 minutes, and a session signed in 6 minutes ago enrolled).
     */
    @Test
    void aMemberWithoutAPasswordNeedsASignInOfTheLastFiveMinutes() {
        String email = People.member(Tenants.create("TotpSsoOnly").tenantId(), "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Rows.execute("UPDATE people SET password_hash = NULL WHERE email = ?", email);
        assertFalse(browser.get("api/v1/auth/me").json().getBoolean("has_password"));
        ageSessions(email, "6 minutes");
        for (String body : List.of("{}", People.CURRENT_PASSWORD)) {
            Api.Answer stale = browser.write("POST", ENROL, body);
            assertEquals(403, stale.status(), stale.body());
            assertEquals("https://humane.ai/problems/reauthentication-required", stale.problemType());
        }
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", email), "nothing pending");

        ageSessions(email, "4 minutes");
        // With no body at all, through an access token of the session: the member has no password to send.
        Api.Answer issued = browser.write("POST", "api/v1/auth/token", "");
        assertEquals(200, issued.status(), issued.body());
        Api.Answer started = api.send(ENROL, issued.json().getString("access_token"), "POST", null, "");
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        String first = "{\"code\":\"" + AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5)) + "\"}";
        ageSessions(email, "6 minutes");
        assertEquals(403, browser.write("POST", "api/v1/auth/mfa/totp/confirm", first).status(), "confirming, too");
        ageSessions(email, "4 minutes");
        Api.Answer confirmed = browser.write("POST", "api/v1/auth/mfa/totp/confirm", first);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertSecurityNotice(email, ENABLED, null);

        Enrolled enrolled = new Enrolled(secret, null, List.of());
        ageSessions(email, "6 minutes");
        String now = "{\"code\":\"" + enrolled.code(0) + "\"}";
        assertEquals(403, browser.write("POST", "api/v1/auth/mfa/totp/recovery-codes", now).status());
        assertEquals(403, browser.write("POST", "api/v1/auth/mfa/totp/disable", now).status());
        assertEquals("true", Rows.single("SELECT (totp_enabled_at IS NOT NULL)::text FROM people WHERE email = ?", email));
        ageSessions(email, "4 minutes");
        assertEquals(204, browser.write("POST", "api/v1/auth/mfa/totp/disable", now).status());
        assertSecurityNotice(email, DISABLED, null);
    }

    /**
     * Spent or lost recovery codes are replaced, for the authenticator's current code and a recent sign-in: the new
     * ten work, the unused old ones do not, and a recovery code cannot buy more (broken once: the old codes stayed).
     */
    @Test
    void newRecoveryCodesNeedTheAuthenticatorAndVoidTheOldOnes() {
        TenantProvisioning.Provisioned tenant = Tenants.create("TotpCodes");
        String email = People.member(tenant.tenantId(), "member");
        Enrolled enrolled = enrol(Browser.signIn(api, email, People.PASSWORD));
        Browser browser = signInWithCode(email, enrolled, 0);
        String path = "api/v1/auth/mfa/totp/recovery-codes";
        assertEquals(400, browser.write("POST", path, People.codeWithPassword(enrolled.recoveryCodes().get(0))).status());
        assertEquals(400, browser.write("POST", path, People.codeWithPassword(wrong(code(enrolled, 30)))).status());
        assertEquals(400, browser.write("POST", path, "{\"code\":").status());
        assertRefusedOn("current_password", browser.write("POST", path, "{\"code\":\"" + code(enrolled, 30) + "\"}"));

        Api.Answer renewed = browser.write("POST", path, People.codeWithPassword(code(enrolled, 30)));
        assertEquals(200, renewed.status(), renewed.body());
        List<String> fresh = renewed.json().getJsonArray("recovery_codes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertEquals(10, fresh.size());
        assertTrue(fresh.stream().noneMatch(enrolled.recoveryCodes()::contains), fresh.toString());
        assertEquals(401, answer(login(email).header("Humane-MFA-Challenge"), enrolled.recoveryCodes().get(1)).status(),
                "an unused old code is void");
        assertEquals(200, answer(login(email).header("Humane-MFA-Challenge"), fresh.get(0)).status());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'user.recovery_codes_regenerated'", tenant.tenantId()));
        assertFalse(Rows.single("SELECT string_agg(t::text, ' ') FROM admin_audit_events t WHERE tenant_id = ?",
                tenant.tenantId()).contains(fresh.get(1)));
        assertSecurityNotice(email, NEW_CODES, fresh.get(1));
        assertEquals(401, new Api(deployment).post(path, null, "{\"code\":\"123456\"}").status());
    }

    /**
     * The person's notice about {@code subject} arrived in GreenMail, once: a security notice (no List-Unsubscribe),
     * naming the reset page, and without {@code secret} (a recovery code, say) in it.
     */
    private static void assertSecurityNotice(String email, String subject, String secret) {
        String body = Mailbox.bodyOf(email, subject);
        assertTrue(body.contains("/reset-password") && body.contains(" UTC, from the address "), body);
        assertTrue(secret == null || !body.contains(secret), body);
        assertEquals(1, Mailbox.countTo(email, subject), "one notice per change");
        for (MimeMessage message : TestPlatform.smtp().getReceivedMessages()) {
            try {
                if (message.getSubject().contains(subject) && message.getAllRecipients()[0].toString().equals(email)) {
                    assertNull(message.getHeader("List-Unsubscribe"), "a security notice cannot be unsubscribed from");
                }
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** 400 {@code validation}, as problem+json, naming {@code field}. */
    private static void assertRefusedOn(String field, Api.Answer answer) {
        assertProblem(400, answer);
        assertEquals("https://humane.ai/problems/validation", answer.problemType());
        assertEquals(field, answer.json().getJsonArray("errors").getJsonObject(0).getString("field"), answer.body());
    }

    private static void assertProblem(int status, Api.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
    }

    /** Every session of the person signed in {@code ago} (an interval) ago. */
    private static void ageSessions(String email, String ago) {
        Rows.execute("UPDATE sessions SET created_at = now() - ?::interval"
                + " WHERE user_id IN (SELECT id FROM users WHERE email = ?)", ago, email);
    }

    /** Another six digits than {@code code}. */
    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private Browser signInWithCode(String email, Enrolled enrolled, int offsetSeconds) {
        return Browser.of(api, email, answer(login(email).header("Humane-MFA-Challenge"), code(enrolled, offsetSeconds)));
    }

    /** Enrols and confirms with the previous step's code, leaving now's and the next for the test. */
    public static Enrolled enrol(Browser browser) {
        Api.Answer started = browser.write("POST", ENROL, People.CURRENT_PASSWORD);
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        Api.Answer confirmed = browser.write("POST", "api/v1/auth/mfa/totp/confirm",
                "{\"code\":\"" + AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5)) + "\"}");
        assertEquals(200, confirmed.status(), confirmed.body());
        List<String> codes = confirmed.json().getJsonArray("recovery_codes").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList();
        return new Enrolled(secret, started.json().getString("provisioning_uri"), codes);
    }

    private static String code(Enrolled enrolled, int offsetSeconds) {
        return enrolled.code(offsetSeconds);
    }

    private Api.Answer login(String email) {
        return api.post("api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}");
    }

    private Api.Answer answer(String challenge, String code) {
        return api.post("api/v1/auth/mfa", null, "{\"challenge\":\"" + challenge + "\",\"code\":\"" + code + "\"}");
    }

    /** A confirmed second factor: its secret, provisioning URI and recovery codes. */
    public record Enrolled(byte[] secret, String uri, List<String> recoveryCodes) {

        /** The authenticator's code at now plus {@code offsetSeconds}. */
        public String code(int offsetSeconds) {
            return new Totp().code(secret, Instant.now().plusSeconds(offsetSeconds));
        }
    }
}
