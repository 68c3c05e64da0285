package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.control.Totp;
import ai.humane.testing.Api;
import ai.humane.testing.AuthenticatorCodes;
import ai.humane.testing.Chromium;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's account pages in the real headless Chromium against the shared server: an owner turns a second
 * factor on for the current password (a wrong one refused with its field named; the provisioning URI as text, the
 * recovery codes shown once) and signs in again through the second step; changes the plan from the pricing table; exports the account and downloads the archive, erases an end
 * user after a confirmation, and asks for the account's deletion and cancels it. The end user's id carries markup,
 * which must stay text; a CSP violation or console error fails the test. A viewer sees no write control on
 * these pages, and the API refuses the viewer anyway.
 */
class ConsoleAccountIT extends HttpTest {

    private static final String XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    private final Totp totp = new Totp();

    @Test
    void anOwnerTurnsOnASecondFactorChangesThePlanAndRunsPrivacyJobs() {
        TenantProvisioning.Provisioned tenant = Tenants.create("AccountPages");
        String owner = People.member(tenant.tenantId(), "owner");
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, owner, "/monitor");
            byte[] secret = turnOnSecondFactor(chromium, owner);
            signInWithTheSecondFactor(chromium, owner, secret);
            changePlan(chromium, tenant);
            privacyJobs(chromium, tenant);
            assertEquals(0L, chromium.driver().executeScript(
                    "return document.querySelectorAll('main img, main script, img[src=\"x\"]').length"));
            chromium.assertNoConsoleErrors();
        }
    }

    private byte[] turnOnSecondFactor(Chromium chromium, String owner) {
        chromium.open("/second-factor");
        chromium.waitForText("The second factor is off");
        chromium.type("Current password", "not the password at all");
        chromium.click("Set up an authenticator app");
        chromium.waitForText("current_password: is not the current password");
        assertTrue(chromium.driver().findElements(By.cssSelector("main svg.qr")).isEmpty(), "set up without the password");
        chromium.type("Current password", People.PASSWORD);
        chromium.click("Set up an authenticator app");
        String uri = chromium.field("Provisioning URI").getAttribute("value");
        assertTrue(uri.startsWith("otpauth://totp/Humane:" + owner.replace("@", "%40") + "?secret="), uri);
        byte[] secret = Totp.base32Decode(chromium.field("Secret").getAttribute("value"));
        assertEquals(uri, QrCodes.read(chromium.driver().findElement(By.cssSelector("main svg.qr"))), "the QR code is not the URI");
        chromium.screenshot("second-factor-enrol");
        chromium.type("Code from the app", AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(15)));
        chromium.click("Turn on");
        WebElement codes = chromium.wait(30).until(d -> d.findElement(By.cssSelector("dialog[open] textarea.secret")));
        String shown = codes.getAttribute("value");
        assertEquals(10, shown.split("\n").length, shown);
        assertTrue(chromium.anyFieldHolds(shown.split("\n")[0]), "the check sees a recovery code while its dialog shows it");
        chromium.click("I have stored it — close");
        chromium.wait(30).until(d -> d.findElements(By.tagName("dialog")).isEmpty());
        assertFalse(chromium.driver().getPageSource().contains(shown.split("\n")[0]), "a recovery code is still in the page");
        assertFalse(chromium.anyFieldHolds(shown.split("\n")[0]), "a recovery code is still in a field");
        chromium.waitForText("The second factor is on.");
        assertFalse(chromium.driver().getPageSource().contains(uri), "the provisioning URI outlived the confirmation");
        assertFalse(chromium.anyFieldHolds(People.PASSWORD), "the password is still in a field");
        assertFalse(chromium.anyFieldHolds(uri), "the provisioning URI is still in a field");
        assertTrue(chromium.driver().findElements(By.cssSelector("svg.qr")).isEmpty(), "the QR code outlived the confirmation");
        chromium.assertNoConsoleErrors();
        return secret;
    }

    private void signInWithTheSecondFactor(Chromium chromium, String owner, byte[] secret) {
        chromium.click("Sign out");
        chromium.type("E-mail", owner);
        chromium.type("Password", People.PASSWORD);
        chromium.click("Sign in");
        chromium.waitForText("The six digits your authenticator app shows now");
        chromium.type("Code", "000000");
        chromium.click("Verify");
        chromium.waitForText("Invalid");
        chromium.type("Code", totp.code(secret, Instant.now()));
        chromium.screenshot("second-factor-step");
        chromium.click("Verify");
        chromium.wait(30).until(d -> "/monitor".equals(chromium.path()));
        chromium.open("/second-factor");
        chromium.waitForText("The second factor is on: every sign-in asks for a code");
        assertTrue(chromium.buttons("Set up an authenticator app").isEmpty(), "set-up offered while a factor is on");
        newRecoveryCodes(chromium, secret);
        chromium.assertNoConsoleErrors();
    }

    /** New codes for the current password and the app's next code, shown once, then gone. */
    private void newRecoveryCodes(Chromium chromium, byte[] secret) {
        chromium.driver().findElement(By.xpath("//summary[normalize-space()='New recovery codes']")).click();
        chromium.type("Current password", People.PASSWORD);
        chromium.type("Code from the app", totp.code(secret, Instant.now().plusSeconds(30)));
        chromium.click("Make new codes");
        WebElement codes = chromium.wait(30).until(d -> d.findElement(By.cssSelector("dialog[open] textarea.secret")));
        String shown = codes.getAttribute("value");
        assertEquals(10, shown.split("\n").length, shown);
        chromium.click("I have stored it — close");
        chromium.wait(30).until(d -> d.findElements(By.tagName("dialog")).isEmpty());
        assertFalse(chromium.anyFieldHolds(shown.split("\n")[0]), "a new recovery code is still in a field");
    }

    private static void changePlan(Chromium chromium, TenantProvisioning.Provisioned tenant) {
        chromium.open("/plan");
        chromium.waitForText("enterprise");
        chromium.waitForText("Payment method");
        chromium.click("Change to pro");
        chromium.click("Switch to pro");
        chromium.waitForText("The plan is now pro.");
        assertEquals("pro", Rows.single("SELECT plan FROM tenants WHERE id = ?", tenant.tenantId()));
        chromium.screenshot("plan");
        chromium.assertNoConsoleErrors();
    }

    private void privacyJobs(Chromium chromium, TenantProvisioning.Provisioned tenant) {
        Api.Answer created = new Api(deployment).post("api/v1/end-users", tenant.apiKey(),
                "{\"external_id\":" + Json.createValue(XSS) + ",\"traits\":{}}");
        assertEquals(201, created.status(), created.body());
        String endUser = created.json().getString("id");
        chromium.open("/privacy");
        chromium.waitForText("No export yet.");
        chromium.waitForText("No erasure yet.");
        chromium.click("Start export");
        WebElement link = chromium.wait(60).until(d -> d.findElement(By.xpath("//a[normalize-space()='Download archive']")));
        Object answer = chromium.script("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('Content-Type')));", link.getAttribute("href"));
        assertEquals("200 application/zip", answer);

        Select erase = new Select(chromium.field("End user to erase"));
        chromium.wait(30).until(d -> erase.getOptions().size() == 2);
        erase.selectByVisibleText(XSS);
        chromium.click("Erase…");
        chromium.waitForText("Everything about \"" + XSS + "\" is deleted for good.");
        chromium.click("Erase end user");
        Eventually.until("the end user is erased", () -> Rows.single("SELECT id::text FROM end_users WHERE id = ?::uuid", endUser) == null);
        chromium.wait(60).until(d -> d.findElements(By.xpath("//span[contains(@class, 'badge') and normalize-space()='succeeded']")).size() == 2);

        chromium.click("Delete the account…");
        chromium.click("Request deletion");
        chromium.waitForText("This account is deleted after");
        chromium.screenshot("privacy");
        chromium.click("Cancel the deletion");
        chromium.click("Cancel deletion");
        chromium.waitForText("Closing the account deletes everything");
        assertEquals("account.deletion_requested account.deletion_cancelled", Rows.single("SELECT string_agg(action, ' ' ORDER BY seq)"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action LIKE 'account.deletion_%'", tenant.tenantId()));
        chromium.assertNoConsoleErrors();
    }

    @Test
    void aViewerSeesNoWriteControlOnTheAccountPagesAndTheApiRefusesAnyway() {
        TenantProvisioning.Provisioned tenant = Tenants.create("AccountViewer");
        String viewer = People.member(tenant.tenantId(), "viewer");
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, viewer, "/engines");
            chromium.open("/plan");
            chromium.waitForText("Only owners see and change the organization's plan.");
            chromium.waitForText("enterprise");
            assertTrue(chromium.driver().findElements(By.xpath("//button[starts-with(normalize-space(), 'Change to')]")).isEmpty(),
                    "a viewer is offered a plan change");
            assertEquals(403L, ConsoleSignIn.write(chromium, "PUT", "/api/v1/billing/plan", "{\"plan\":\"pro\"}"));
            assertEquals("free", Rows.single("SELECT plan FROM tenants WHERE id = ?", tenant.tenantId()));

            chromium.open("/privacy");
            chromium.waitForText("This page is for the admin role and above; you are viewer.");
            assertTrue(chromium.buttons("Start export").isEmpty());
            assertEquals(403L, ConsoleSignIn.write(chromium, "POST", "/api/v1/privacy/exports", "{\"scope\":\"account\"}"));
            assertEquals(403L, ConsoleSignIn.write(chromium, "POST", "/api/v1/privacy/account-deletion", ""));

            chromium.open("/second-factor");
            chromium.waitForText("Set up an authenticator app");
            chromium.assertNoConsoleErrors();
        }
    }
}
