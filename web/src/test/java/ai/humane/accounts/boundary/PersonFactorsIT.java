package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One person, several tenants, one proof of who they are (V27): the e-mail verified once counts in every tenant;
 * the second factor enrolled in one is asked at sign-in to any other; a TOTP step or a recovery code used in one is
 * refused in all; a BAA of one tenant keeps the factor the person uses everywhere.
 */
class PersonFactorsIT extends HttpTest {

    private final Api api = new Api(deployment);
    private TenantProvisioning.Provisioned acme;
    private TenantProvisioning.Provisioned rival;
    private String email;
    private UUID atRival;

    @BeforeEach
    void aPersonInTwoTenants() {
        People.forgetLoopback();
        acme = Tenants.create("FactorAcme");
        rival = Tenants.create("FactorRival");
        email = People.member(acme.tenantId(), "admin");
        atRival = People.alsoMember(email, rival.tenantId(), "member");
    }

    @Test
    void aSecondFactorEnrolledInOneTenantIsAskedAtSignInToTheOther() {
        SecondFactorIT.Enrolled enrolled = enrolInAcme();
        usedLast(atRival);
        Api.Answer password = login();
        assertEquals(401, password.status(), "Rival's membership, the person's factor: " + password.body());
        assertEquals("https://humane.ai/problems/mfa-required", password.problemType());
        assertTrue(password.headers().allValues("Set-Cookie").isEmpty(), "no session on the password alone");
        String challenge = password.header("Humane-MFA-Challenge");
        assertTrue(challenge.startsWith(rival.tenantId() + "."), challenge);
        Api.Answer signedIn = answer(challenge, enrolled.code(0));
        assertEquals(200, signedIn.status(), signedIn.body());
        JsonObject me = Browser.of(api, email, signedIn).get("api/v1/auth/me").json();
        assertEquals(rival.tenantId().toString(), me.getString("tenant_id"));
        assertTrue(me.getBoolean("second_factor_enabled"), "the person's factor, shown in Rival too");
    }

    @Test
    void aStepOrRecoveryCodeUsedInOneTenantIsRefusedInTheOther() {
        SecondFactorIT.Enrolled enrolled = enrolInAcme();
        String now = enrolled.code(0);
        assertEquals(200, answer(login().header("Humane-MFA-Challenge"), now).status(), "Acme, the step of now");
        usedLast(atRival);
        String challenge = login().header("Humane-MFA-Challenge");
        assertTrue(challenge.startsWith(rival.tenantId() + "."), challenge);
        assertEquals(401, answer(challenge, now).status(), "one replay guard: the step used in Acme is spent in Rival");
        String recovery = enrolled.recoveryCodes().get(0);
        assertEquals(200, answer(challenge, recovery).status(), "a recovery code of the person works in Rival");
        usedLast(People.idOf(email));
        assertEquals(401, answer(login().header("Humane-MFA-Challenge"), recovery).status(),
                "and is spent in Acme too");
        assertEquals("9", Rows.single("SELECT cardinality(totp_recovery_codes)::text FROM people WHERE email = ?", email));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'user.recovery_code_used'", rival.tenantId()));
    }

    @Test
    void aBaaOfTheOtherTenantKeepsThePersonsSecondFactor() {
        SecondFactorIT.Enrolled enrolled = enrolInAcme();
        Rows.execute("UPDATE tenants SET plan = 'scale', baa_accepted_at = now() WHERE id = ?", rival.tenantId());
        Browser inAcme = Browser.of(api, email, answer(login().header("Humane-MFA-Challenge"), enrolled.code(0)));
        Api.Answer refused = inAcme.write("POST", "api/v1/auth/mfa/totp/disable",
                People.codeWithPassword(enrolled.recoveryCodes().get(1)));
        assertEquals(409, refused.status(), "Acme is under no BAA, Rival is, and the factor is one: " + refused.body());
        assertEquals("true", Rows.single("SELECT (totp_enabled_at IS NOT NULL)::text FROM people WHERE email = ?", email));
        assertEquals("10", Rows.single("SELECT cardinality(totp_recovery_codes)::text FROM people WHERE email = ?", email),
                "a refused disabling spends no recovery code");

        usedLast(atRival);
        Browser inRival = Browser.of(api, email, answer(login().header("Humane-MFA-Challenge"), enrolled.code(30)));
        Api.Answer engines = inRival.get("api/v1/engines");
        assertEquals(200, engines.status(), "Rival's BAA sees the factor enrolled in Acme: " + engines.body());
    }

    @Test
    void anAddressVerifiedOnceIsVerifiedInEveryTenant() {
        String fresh = People.uniqueEmail("verify");
        JsonObject owner = People.signUp(api, fresh);
        People.alsoMember(fresh, rival.tenantId(), "member");
        assertFalse(verifiedInRival(fresh), "nobody verified it yet");
        String token = Mailbox.tokenIn(Mailbox.bodyOf(fresh, "Verify your e-mail"));
        assertEquals(204, api.post("api/v1/auth/verify-email", null, "{\"token\":\"" + token + "\"}").status());
        assertTrue(verifiedInRival(fresh), "verified in the tenant it signed up with, it counts in Rival");
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'user.email_verified'", UUID.fromString(owner.getString("tenant_id"))));
    }

    private boolean verifiedInRival(String address) {
        Api.Answer members = api.get("api/v1/team/members", rival.apiKey());
        assertEquals(200, members.status(), members.body());
        try (JsonReader reader = Json.createReader(new StringReader(members.body()))) {
            return reader.readArray().stream().map(JsonObject.class::cast)
                .filter(member -> address.equals(member.getString("email"))).findFirst().orElseThrow()
                    .getBoolean("email_verified");
        }
    }

    /** Enrols in Acme (signed in there by password) and confirms with the previous step's code. */
    private SecondFactorIT.Enrolled enrolInAcme() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        assertEquals(acme.tenantId().toString(), browser.get("api/v1/auth/me").json().getString("tenant_id"));
        return SecondFactorIT.enrol(browser);
    }

    /** The next password sign-in opens this membership (the one used last). */
    private static void usedLast(UUID membership) {
        assertEquals(1, Rows.execute("UPDATE users SET last_active_at = now() + interval '1 hour' WHERE id = ?", membership));
    }

    private Api.Answer login() {
        return api.post("api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}");
    }

    private Api.Answer answer(String challenge, String code) {
        return api.post("api/v1/auth/mfa", null, "{\"challenge\":\"" + challenge + "\",\"code\":\"" + code + "\"}");
    }
}
