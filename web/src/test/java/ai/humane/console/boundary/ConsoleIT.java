package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Chromium;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.webhooks.boundary.WebhookReceiver;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against the shared server: a newcomer's whole first hour, from
 * sign-up through the e-mailed link to a failing webhook watched and retried in the Monitor and the audit
 * trail; and a viewer, who sees no write control and whom the API refuses anyway. Every name, description,
 * trait, message and receiver answer carries markup, which must stay text: a rendered payload would add an
 * element (checked) or trip the CSP (its violation is a console error, which fails the test).
 */
class ConsoleIT extends HttpTest {

    private static final String XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    private static final Pattern VERIFY_LINK = Pattern.compile("https?://[^/\\s]+(/verify-email\\?token=[A-Za-z0-9_-]+)");
    private static final Pattern INVITATION_LINK = Pattern.compile("https?://[^/\\s]+(/accept-invitation\\?token=[A-Za-z0-9_-]+)");

    private final WebhookReceiver receiver = WebhookReceiver.shared();

    @Test
    void aNewcomerSignsUpVerifiesMakesAKeyAndWatchesAFailingWebhookRecover() {
        String email = People.uniqueEmail("console");
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            signUpAndVerify(chromium, email);
            signIn(chromium, email);
            createApiKey(chromium);
            String path = receiver.path(500);
            receiver.answer(path, 500, XSS);
            UUID endpoint = createEndpointAndSendTest(chromium, receiver.url(path));
            exhaustTheFirstDelivery(endpoint);
            watchAndRetry(chromium, endpoint, path);
            seeTheAuditTrail(chromium);
            behaviouralData(chromium);
            inviteJoinAndDemote(chromium);
            chromium.screenshot("team");
            inviteAndWithdraw(chromium);
            chromium.open("/sessions");
            chromium.waitForText("this browser");
            chromium.screenshot("sessions");
            assertNothingRendered(chromium);
            chromium.assertNoConsoleErrors();
        }
    }

    private void signUpAndVerify(Chromium chromium, String email) {
        chromium.open("/sign-up");
        chromium.type("Your name", XSS);
        chromium.type("Organization", XSS);
        chromium.type("E-mail", email);
        chromium.type("Password", People.PASSWORD);
        chromium.screenshot("sign-up");
        chromium.click("Create organization");
        chromium.waitForText("We sent a link to " + email);

        Matcher link = VERIFY_LINK.matcher(Mailbox.bodyOf(email, "Verify your e-mail"));
        assertTrue(link.find(), "no verification link in the mail");
        chromium.open(link.group(1));
        chromium.waitForText("E-mail confirmed");
        assertEquals("/verify-email", chromium.path(), "the token stays in the address bar");
        assertEquals("true", Rows.single("SELECT (email_verified_at IS NOT NULL)::text FROM people WHERE email = ?", email));
        chromium.assertNoConsoleErrors();
    }

    private static void signIn(Chromium chromium, String email) {
        chromium.click("Open the console");
        chromium.waitForText("Welcome back.");
        chromium.type("E-mail", email);
        chromium.type("Password", People.PASSWORD);
        chromium.screenshot("sign-in");
        chromium.click("Sign in");
        chromium.wait(30).until(d -> "/monitor".equals(chromium.path()));
        chromium.waitForText("No deliveries match.");
        chromium.assertNoConsoleErrors();
    }

    private static void createApiKey(Chromium chromium) {
        chromium.open("/api-keys");
        chromium.click("Create a key");
        chromium.type("Name", XSS);
        chromium.driver().findElement(By.xpath("//label[normalize-space()='write']/input")).click();
        chromium.click("Create key");
        String key = secretShownOnce(chromium, "hk_live_");
        chromium.screenshot("api-key-shown-once");
        closeSecret(chromium, key);
        chromium.waitForText(XSS);
        chromium.waitForText("write");
        chromium.screenshot("api-keys");
        chromium.assertNoConsoleErrors();
    }

    private UUID createEndpointAndSendTest(Chromium chromium, String url) {
        chromium.open("/webhooks");
        chromium.click("Add an endpoint");
        chromium.type("URL", url);
        chromium.type("Description", XSS);
        chromium.click("Add endpoint");
        closeSecret(chromium, secretShownOnce(chromium, "whsec_"));
        chromium.waitForText(XSS);
        chromium.click("Send test");
        chromium.waitForText("Test event queued");
        chromium.screenshot("webhook-endpoints");
        chromium.click("Rotate secret");
        chromium.type("Overlap (hours, 0–720)", "2");
        chromium.click("Rotate");
        String rotated = secretShownOnce(chromium, "whsec_");
        chromium.waitForText("The previous secret keeps signing until");
        closeSecret(chromium, rotated);
        chromium.assertNoConsoleErrors();
        return UUID.fromString(Rows.single("SELECT id::text FROM webhook_endpoints WHERE url = ?", url));
    }

    /** 24 h of retries, compressed as WebhooksIT does: the first try failed a day ago, the next one is the last. */
    private static void exhaustTheFirstDelivery(UUID endpoint) {
        Eventually.until("a first failed try", () -> Rows.execute("UPDATE webhook_deliveries SET first_attempt_at ="
                + " now() - interval '25 hours', next_attempt_at = now() WHERE endpoint_id = ? AND status = 'pending'"
                + " AND attempts >= 1", endpoint) == 1);
        Eventually.until("the delivery failed", () -> "1".equals(Rows.single(
                "SELECT count(*)::text FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'failed'", endpoint)));
    }

    private void watchAndRetry(Chromium chromium, UUID endpoint, String path) {
        chromium.open("/monitor");
        chromium.waitForText("Failing:");
        chromium.open("/monitor?endpoint_id=" + endpoint + "&status=failed");
        chromium.click("Attempts");
        chromium.waitForText("Retry now");
        assertEquals(2, chromium.driver().findElements(By.cssSelector("tr.detail tbody tr")).size(), "two attempts");
        chromium.waitForText("500");
        chromium.waitForText(XSS);
        chromium.screenshot("webhook-monitor");
        chromium.click("Event payload (webhook.test)");
        chromium.waitForText("\"type\": \"webhook.test\"");

        receiver.answer(path, 200, "{\"ok\":true}");
        chromium.click("Retry now");
        chromium.waitForText("Retry queued.");
        Eventually.until("the retried delivery succeeded", () -> "succeeded".equals(Rows.single(
                "SELECT status FROM webhook_deliveries WHERE endpoint_id = ?", endpoint)));
        chromium.open("/monitor?endpoint_id=" + endpoint);
        chromium.click("Attempts");
        chromium.waitForText("{\"ok\":true}");
        chromium.assertNoConsoleErrors();
    }

    private static void seeTheAuditTrail(Chromium chromium) {
        chromium.open("/audit");
        chromium.waitForText("api_key.created");
        chromium.waitForText("webhook_endpoint.created");
        chromium.waitForText("user.email_verified");
        chromium.click("Verify chain");
        chromium.waitForText("The chain is intact");
        chromium.screenshot("audit-log");
        chromium.type("Action", "api_key.created");
        chromium.click("Apply");
        chromium.wait(30).until(d -> !chromium.bodyText().contains("webhook_endpoint.created"));
        chromium.assertNoConsoleErrors();
    }

    private static void behaviouralData(Chromium chromium) {
        chromium.open("/engines");
        chromium.click("Add an engine");
        chromium.type("Name", XSS);
        chromium.click("Add engine");
        chromium.waitForText(XSS);
        chromium.open("/end-users");
        chromium.click("Add an end user");
        chromium.type("External id", XSS);
        chromium.type("Traits (JSON object)", "{\"note\": \"" + XSS + "\"}");
        chromium.click("Add end user");
        chromium.click(XSS);
        chromium.click("Send a message");
        chromium.type("Content", "I love it " + XSS);
        chromium.click("Send");
        chromium.waitForText("I love it " + XSS);
        chromium.waitForText("completed");
        chromium.screenshot("end-user");
        chromium.assertNoConsoleErrors();
    }

    /** The invitation mail's link opens the console's page; the new member's name stays text; a role changes. */
    private static void inviteJoinAndDemote(Chromium chromium) {
        String invitee = People.uniqueEmail("invitee");
        chromium.open("/team");
        chromium.click("Invite someone");
        chromium.type("E-mail", invitee);
        chromium.click("Send invitation");
        chromium.waitForText("Invitation sent to " + invitee);
        Matcher link = INVITATION_LINK.matcher(Mailbox.bodyOf(invitee, "You are invited"));
        assertTrue(link.find(), "no invitation link in the mail");
        chromium.open(link.group(1));
        assertEquals("/accept-invitation", chromium.path(), "the token stays in the address bar");
        chromium.type("Your name", XSS);
        chromium.type("Password", People.PASSWORD);
        chromium.click("Join");
        chromium.wait(30).until(d -> "/sign-in".equals(chromium.path()));

        chromium.open("/team");
        WebElement role = chromium.wait(30).until(d -> d.findElement(By.cssSelector("select[aria-label='Role of " + invitee + "']")));
        chromium.waitForText(XSS);
        new Select(role).selectByValue("viewer");
        chromium.click("Change role");
        Eventually.until("the invitee became a viewer", () -> "viewer".equals(
                Rows.single("SELECT role FROM users WHERE email = ?", invitee)));
        chromium.assertNoConsoleErrors();
    }

    /**
     * A pending invitation is listed on the team page and withdrawn there: its link is refused at once, and the list
     * no longer shows it.
     */
    private void inviteAndWithdraw(Chromium chromium) {
        String invitee = People.uniqueEmail("withdrawn");
        chromium.open("/team");
        chromium.click("Invite someone");
        chromium.type("E-mail", invitee);
        chromium.click("Send invitation");
        By listed = By.xpath("//section[h2='Pending invitations']//td[normalize-space()='" + invitee + "']");
        chromium.wait(30).until(d -> !d.findElements(listed).isEmpty());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(invitee, "You are invited"));
        chromium.click("Withdraw");
        chromium.click("Withdraw invitation");
        // Reloaded (nothing busy) and no longer listed: not merely the moment the list is reloading.
        chromium.wait(30).until(d -> d.findElements(By.cssSelector("[aria-busy]")).isEmpty() && d.findElements(listed).isEmpty());
        Api.Answer refused = new Api(deployment).post("api/v1/auth/invitations/accept", null,
                "{\"token\":\"" + token + "\",\"name\":\"N\",\"password\":\"" + People.PASSWORD + "\"}");
        assertEquals(400, refused.status(), refused.body());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM users WHERE email = ?", invitee));
        chromium.assertNoConsoleErrors();
    }

    private static String secretShownOnce(Chromium chromium, String prefix) {
        WebElement secret = chromium.wait(30).until(d -> d.findElement(By.cssSelector("dialog[open] input.secret")));
        String value = secret.getAttribute("value");
        assertTrue(value.startsWith(prefix), value);
        return value;
    }

    /** Closed, the secret is gone from the page: no dialog, no field, nothing in the document holds it. */
    private static void closeSecret(Chromium chromium, String secret) {
        assertTrue(chromium.anyFieldHolds(secret), "the check sees the secret while its dialog shows it");
        chromium.click("I have stored it — close");
        chromium.wait(30).until(d -> d.findElements(By.tagName("dialog")).isEmpty());
        assertFalse(chromium.driver().getPageSource().contains(secret), "the secret is still in the page");
        assertFalse(chromium.bodyText().contains(secret));
        assertFalse(chromium.anyFieldHolds(secret), "the secret is still in a field");
    }

    /** No payload became an element: the only images are the logo, and no script but the app's module. */
    private static void assertNothingRendered(Chromium chromium) {
        assertEquals(0L, chromium.driver().executeScript(
                "return document.querySelectorAll('main img, main script, img[src=\"x\"]').length"));
    }

    @Test
    void aViewerSeesNoWriteControlAndTheApiRefusesAnyway() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Viewers");
        String email = People.member(tenant.tenantId(), "viewer");
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, email, "/engines");
            chromium.waitForText("No engines yet.");
            assertTrue(chromium.buttons("Add an engine").isEmpty(), "a viewer is offered to add an engine");
            assertFalse(chromium.bodyText().contains("API keys"), "a viewer is shown the API keys page");
            chromium.screenshot("viewer-engines");
            chromium.open("/end-users");
            chromium.waitForText("No end users yet.");
            assertTrue(chromium.buttons("Add an end user").isEmpty());
            chromium.open("/webhooks");
            chromium.waitForText("This page is for the admin role and above; you are viewer.");
            assertTrue(chromium.buttons("Add an endpoint").isEmpty());

            // The same session, the same CSRF token the page would send: the API refuses the write itself.
            assertEquals(403L, ConsoleSignIn.write(chromium, "POST", "/api/v1/engines", "{\"name\":\"x\",\"kind\":\"lexicon\"}"));
            assertEquals("0", Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant.tenantId()));
            chromium.assertNoConsoleErrors();
        }
    }

    /**
     * Sign-out shows the sign-in page only once the server has ended the session: refused (here the CSRF cookie is
     * gone, so the logout is 403), the person stays signed in and is told why; then signed out for real (broken once:
     * the sign-in page showed over a session that still opened the console).
     */
    @Test
    void aRefusedSignOutLeavesThePersonSignedInAndSaysSo() {
        TenantProvisioning.Provisioned tenant = Tenants.create("SignOut");
        String email = People.member(tenant.tenantId(), "owner");
        People.forgetLoopback();
        String revoked = "SELECT count(*)::text FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.email = ? AND s.revoked_at IS NOT NULL";
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, email, "/monitor");
            String csrf = chromium.driver().manage().getCookieNamed("humane_csrf").getValue();
            chromium.driver().manage().deleteCookieNamed("humane_csrf");
            chromium.click("Sign out");
            chromium.waitForText("CSRF token missing or wrong");
            assertEquals("/monitor", chromium.path());
            assertEquals("0", Rows.single(revoked, email), "the session is still open");

            chromium.driver().manage().addCookie(new org.openqa.selenium.Cookie("humane_csrf", csrf, "/"));
            chromium.click("Sign out");
            chromium.waitForText("Welcome back.");
            assertEquals("1", Rows.single(revoked, email), "signed out on the server");
        }
    }
}
