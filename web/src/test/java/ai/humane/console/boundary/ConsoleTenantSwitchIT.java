package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.control.Totp;
import ai.humane.testing.Api;
import ai.humane.testing.AuthenticatorCodes;
import ai.humane.testing.Browser;
import ai.humane.testing.Chromium;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's tenant switcher in the real headless Chromium: a person invited into a second organization, who
 * has a second factor (the person's, V27), signs in with it and switches from the sidebar (the code asked again, a
 * wrong one's detail shown first), and the page shows that organization's name and data with that membership's role; the switch is
 * audited in both tenants, and the API still refuses the other tenant's data and a tenant the person is not in. A
 * session an identity provider opened is shown the choice disabled, with why.
 */
class ConsoleTenantSwitchIT extends HttpTest {

    private static final String SWITCH = "/api/v1/auth/switch-tenant";

    private final Api api = new Api(deployment);
    private final Totp totp = new Totp();

    @Test
    void aPersonInTwoOrganizationsSwitchesInTheSidebarThroughTheSecondFactor() {
        People.forgetLoopback();
        TenantProvisioning.Provisioned acme = Tenants.create("SwitchAcme");
        TenantProvisioning.Provisioned rival = Tenants.create("SwitchRival");
        String acmeName = Rows.single("SELECT name FROM tenants WHERE id = ?", acme.tenantId());
        String rivalName = Rows.single("SELECT name FROM tenants WHERE id = ?", rival.tenantId());
        UUID acmeEngine = new Fixtures(api, acme.apiKey()).engine("acme-engine");
        new Fixtures(api, rival.apiKey()).engine("rival-engine");
        String email = People.member(acme.tenantId(), "admin");
        assertEquals(201, api.post("api/v1/team/invitations", rival.apiKey(),
                "{\"email\":\"" + email + "\",\"role\":\"viewer\"}").status());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "You are invited"));
        Api.Answer joined = api.post("api/v1/auth/invitations/accept", null,
                "{\"token\":\"" + token + "\",\"name\":\"Also\",\"password\":\"" + People.PASSWORD + "\"}");
        assertEquals(201, joined.status(), joined.body());
        byte[] secret = secondFactorAtRival(email, acme, rival);
        int left = audited(acme.tenantId(), "session.tenant_left");
        int entered = audited(rival.tenantId(), "session.tenant_entered");

        try (Chromium chromium = new Chromium(deployment)) {
            // The factor enrolled in Rival is the person's (V27): signing in to Acme asks for it too.
            chromium.open("/sign-in");
            chromium.type("E-mail", email);
            chromium.type("Password", People.PASSWORD);
            chromium.click("Sign in");
            chromium.waitForText("The six digits your authenticator app shows now");
            chromium.type("Code", totp.code(secret, Instant.now()));
            chromium.click("Verify");
            chromium.wait(30).until(d -> "/monitor".equals(chromium.path()));
            Select organization = new Select(chromium.field("Organization"));
            assertEquals(acmeName + " (admin)", organization.getFirstSelectedOption().getText());
            organization.selectByValue(rival.tenantId().toString());
            chromium.click("Switch");
            chromium.waitForText("the person has a second factor");
            chromium.type("Second-factor code", "000000");
            chromium.click("Switch");
            chromium.wait(30).until(d -> chromium.buttons("Switch").get(0).isEnabled());
            assertEquals("/monitor", chromium.path(), "a wrong code moves nothing");
            chromium.type("Second-factor code", totp.code(secret, Instant.now().plusSeconds(30))); // now's step signed in
            chromium.click("Switch");
            chromium.wait(30).until(d -> "/engines".equals(chromium.path()));
            chromium.waitForText("rival-engine");
            assertEquals(rivalName + " (viewer)", new Select(chromium.field("Organization")).getFirstSelectedOption().getText());
            assertFalse(chromium.bodyText().contains("acme-engine"), "Acme's data shown while in Rival");
            assertTrue(chromium.driver().findElements(By.linkText("Webhook Monitor")).isEmpty(),
                    "Rival's role is viewer");
            chromium.screenshot("tenant-switch");

            assertEquals(left + 1, audited(acme.tenantId(), "session.tenant_left"));
            assertEquals(entered + 1, audited(rival.tenantId(), "session.tenant_entered"));

            assertEquals(404L, readStatus(chromium, "/api/v1/engines/" + acmeEngine), "Acme's engine from a session in Rival");
            TenantProvisioning.Provisioned stranger = Tenants.create("SwitchStranger");
            assertEquals(404L, ConsoleSignIn.write(chromium, "POST", SWITCH, "{\"tenant_id\":\"" + stranger.tenantId() + "\"}"));

            Rows.execute("UPDATE sessions SET by_password = false WHERE tenant_id = ?", rival.tenantId());
            chromium.open("/engines");
            chromium.waitForText("so this session stays in it");
            assertFalse(chromium.field("Organization").isEnabled(), "an SSO session is offered the switch");
            assertTrue(chromium.buttons("Switch").isEmpty());
            assertEquals(403L, ConsoleSignIn.write(chromium, "POST", SWITCH, "{\"tenant_id\":\"" + acme.tenantId() + "\"}"));
            chromium.assertNoConsoleErrors();
        }
    }

    /** Turns the person's second factor on from their membership in Rival; Acme is the one signed in to next. */
    private byte[] secondFactorAtRival(String email, TenantProvisioning.Provisioned acme, TenantProvisioning.Provisioned rival) {
        Browser person = Browser.signIn(api, email, People.PASSWORD);
        assertEquals(acme.tenantId().toString(), person.get("api/v1/auth/me").json().getString("active_tenant_id"));
        assertEquals(200, person.write("POST", SWITCH.substring(1), "{\"tenant_id\":\"" + rival.tenantId() + "\"}").status());
        Api.Answer started = person.write("POST", "api/v1/auth/mfa/totp", People.CURRENT_PASSWORD);
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        assertEquals(200, person.write("POST", "api/v1/auth/mfa/totp/confirm",
                "{\"code\":\"" + AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5)) + "\"}").status());
        // Acme is signed in to next; switching back would spend a step of the factor, now the person's everywhere.
        Rows.execute("UPDATE users SET last_active_at = now() + interval '1 hour' WHERE tenant_id = ? AND email = ?",
                acme.tenantId(), email);
        return secret;
    }

    private static int audited(UUID tenant, String action) {
        return Integer.parseInt(Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ? AND action = ?",
                tenant, action));
    }

    private static Object readStatus(Chromium chromium, String path) {
        return chromium.script("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => done(r.status));", path);
    }
}
