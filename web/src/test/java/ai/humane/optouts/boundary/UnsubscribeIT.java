package ai.humane.optouts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.optouts.control.MailList;
import ai.humane.optouts.control.UnsubscribeTokens;
import ai.humane.testing.Api;
import ai.humane.testing.Chromium;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.QueuedMail;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * K4 over HTTP: the webhook_failing e-mail a real SMTP server receives carries a signed unsubscribe link;
 * opening it (GET or HEAD, as a mail scanner does) stores nothing, and only a POST (the mail client's one-click
 * or the console page's button) stops that owner's notices and nothing else; every token that is not genuine
 * and current is refused and stores nothing. The console page the mail's body links to says what the link stops
 * and stops it only when its button is pressed. The link is followed from an address of this test's own: the unsubscribe path is
 * limited as a public endpoint (60 a minute an address), and 127.0.0.1's bucket is the console's and other tests'.
 */
class UnsubscribeIT extends HttpTest {

    private static final String UNSUBSCRIBE = "api/v1/email/unsubscribe";
    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";

    private final WebhookReceiver receiver = WebhookReceiver.shared();
    private Api api;
    private FromAddress visitor;
    private TenantProvisioning.Provisioned tenant;
    private String owner;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        visitor = new FromAddress(FromAddress.fresh(), deployment.getPort());
        tenant = Tenants.create("Optout");
        owner = Rows.single("SELECT email FROM users WHERE id = ?", tenant.ownerId());
    }

    @Test
    void theLinkInAFailingWebhookMailStopsThatOwnersNoticesButNeitherOtherOwnersNorSecurityMail() throws Exception {
        UUID coOwnerId = UUID.randomUUID();
        String coOwner = "co-" + owner;
        Rows.execute("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Co Owner', 'owner')",
                coOwnerId, tenant.tenantId(), coOwner);
        String path = receiver.path(500);
        UUID endpoint = UUID.fromString(api.post(ENDPOINTS, tenant.apiKey(), "{\"url\":\"" + receiver.url(path)
                + "\",\"events\":[\"*\"]}").json().getString("id"));

        failingSpell(endpoint);
        MimeMessage notice = message(owner, "webhook_failing");
        String link = notice.getHeader("List-Unsubscribe", null);
        assertNotNull(link, "List-Unsubscribe");
        assertEquals("List-Unsubscribe=One-Click", notice.getHeader("List-Unsubscribe-Post", null));
        assertTrue(link.startsWith("<http://localhost:8080/" + UNSUBSCRIBE + "?token="), link);
        assertTrue(!link.contains(owner) && !link.contains("%40"), "no address in the link: " + link);
        String token = link.substring(link.indexOf("token=") + 6, link.length() - 1);
        assertTrue(notice.getContent().toString().contains("http://localhost:8080/unsubscribe?token=" + token),
                "the body links to the console's page, with the same token");

        FromAddress.Reply followed = follow(UNSUBSCRIBE + "?token=" + token);
        assertEquals(200, followed.status(), followed.body());
        assertEquals("notifications", followed.json().getString("list"));
        assertEquals(false, followed.json().getBoolean("unsubscribed"), followed.body());
        assertEquals("\"public\";q=60;w=60", followed.header("RateLimit-Policy"), "rate-limited like the public endpoints");
        assertEquals(List.of("0", "0"), recorded(tenant.ownerId()), "opening the link stops nothing");
        FromAddress.Reply clicked = oneClick(token);
        assertEquals(200, clicked.status(), clicked.body());
        assertEquals(true, clicked.json().getBoolean("unsubscribed"), clicked.body());
        assertEquals(List.of("1", "1"), recorded(tenant.ownerId()));
        FromAddress.Reply again = visitor.send("POST", UNSUBSCRIBE + "?token=" + token, Map.of(), null);
        assertEquals(200, again.status(), again.body());
        assertEquals(List.of("1", "1"), recorded(tenant.ownerId()), "a second opt-out records and audits nothing new");

        // A second spell, a day later: within a day of the first notice the owners are not told again (W4, V57).
        Rows.execute("UPDATE webhook_endpoints SET failing_since = NULL,"
                + " failing_noticed_at = failing_noticed_at - interval '24 hours' WHERE id = ?", endpoint);
        failingSpell(endpoint);
        eventually(() -> Mailbox.countTo(coOwner) == 2);
        assertEquals(1, Mailbox.countTo(owner), "the owner who unsubscribed is not told of the second spell");
        assertEquals(1, QueuedMail.count(owner, "webhook_failing"), "not even queued");

        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + owner + "\"}").status());
        assertTrue(Mailbox.bodyOf(owner, "Reset your Humane password").contains("reset-password?token="),
                "security e-mail is never suppressed");
    }

    @Test
    void everyTokenThatIsNotGenuineAndCurrentIsRefusedAndStoresNothing() {
        UUID user = tenant.ownerId();
        String genuine = signer(Instant.now()).issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        String expired = signer(Instant.now().minus(UnsubscribeTokens.LIFETIME).minusSeconds(1))
                .issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        String otherKey = new UnsubscribeTokens(new HmacKeys(HmacKeys.generateKey()), Clock.systemUTC())
                .issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        char last = genuine.charAt(50);
        String tampered = genuine.substring(0, 50) + (last == 'A' ? 'B' : 'A') + genuine.substring(51);

        assertRefused(follow(UNSUBSCRIBE + "?token=" + expired), 410, "token-expired");
        assertRefused(oneClick(expired), 410, "token-expired");
        for (String bad : List.of(tampered, otherKey, genuine.substring(0, 99), genuine + "A", "not-a-token",
                "%2B%2F" + genuine.substring(2), genuine.substring(0, 98) + "%3D%3D", "A".repeat(4000))) {
            assertRefused(follow(UNSUBSCRIBE + "?token=" + bad), 400, "invalid-token");
            assertRefused(oneClick(bad), 400, "invalid-token");
        }
        assertRefused(follow(UNSUBSCRIBE), 400, "invalid-token");
        assertRefused(follow(UNSUBSCRIBE + "?token="), 400, "invalid-token");
        assertEquals(List.of("0", "0"), recorded(user), "a refusal stores nothing");

        assertEquals(200, oneClick(genuine).status(), "the test signs as the server does");
        assertEquals(List.of("1", "1"), recorded(user));
    }

    @Test
    void aScannerOpeningAGenuineLinkWithGetOrHeadStopsNothingAndOnlyAPostDoesOnce() {
        UUID user = tenant.ownerId();
        String token = signer(Instant.now()).issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        for (int i = 0; i < 3; i++) {
            FromAddress.Reply opened = follow(UNSUBSCRIBE + "?token=" + token);
            assertEquals(200, opened.status(), opened.body());
            assertEquals(false, opened.json().getBoolean("unsubscribed"), opened.body());
            Api.Answer head = api.send(api.request(UNSUBSCRIBE + "?token=" + token, null)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.status(), head.body());
        }
        assertEquals(List.of("0", "0"), recorded(user), "GET and HEAD of a genuine link record nothing");

        FromAddress.Reply pressed = visitor.send("POST", UNSUBSCRIBE + "?token=" + token, Map.of(), null);
        assertEquals(200, pressed.status(), pressed.body());
        assertEquals(true, pressed.json().getBoolean("unsubscribed"), pressed.body());
        assertEquals(200, oneClick(token).status());
        assertEquals(List.of("1", "1"), recorded(user), "recorded and audited once");
        assertEquals("link", Rows.single("SELECT after->>'via' FROM admin_audit_events WHERE tenant_id = ? "
                + "AND action = 'email.unsubscribed' AND resource_id = ?", tenant.tenantId(), user.toString()),
                "the console page's button, not the mail client's form");
        FromAddress.Reply after = follow(UNSUBSCRIBE + "?token=" + token);
        assertEquals(true, after.json().getBoolean("unsubscribed"), after.body());
    }

    @Test
    void theConsolePageTheMailLinksToStopsTheListOnlyWhenItsButtonIsPressed() {
        UUID user = tenant.ownerId();
        String token = signer(Instant.now()).issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        try (Chromium chromium = new Chromium(deployment)) {
            chromium.open("/unsubscribe?token=" + token);
            chromium.waitForText("Stop notification e-mails?");
            assertEquals("/unsubscribe", chromium.path(), "the token leaves the address bar");
            assertEquals(List.of("0", "0"), recorded(user), "opening the page stops nothing");
            chromium.click("Unsubscribe");
            chromium.waitForText("You no longer receive notification e-mails");
            assertEquals(List.of("1", "1"), recorded(user));
            chromium.open("/unsubscribe?token=" + token);
            chromium.waitForText("Unsubscribed");
            chromium.open("/unsubscribe?token=not-a-token");
            chromium.waitForText("Link not valid");
            chromium.assertNoConsoleErrors();
        }
        assertEquals(List.of("1", "1"), recorded(user));
    }

    /**
     * The link as mailed (List-Unsubscribe, and the body of mails sent before the console page) opened in a browser
     * lands on that page, which asks before stopping anything; API clients, whatever they accept, keep the JSON.
     */
    @Test
    void aBrowserOpeningTheMailedLinkIsSentToTheConsolePageAndStopsNothing() {
        UUID user = tenant.ownerId();
        String token = signer(Instant.now()).issue(tenant.tenantId(), user, MailList.NOTIFICATIONS);
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        FromAddress.Reply opened = visitor.get(UNSUBSCRIBE + "?token=" + token, Map.of("Accept", browser));
        assertEquals(303, opened.status(), opened.body());
        assertEquals("/unsubscribe?token=" + token, URI.create(opened.header("Location")).getRawPath() + "?"
                + URI.create(opened.header("Location")).getRawQuery());
        assertEquals("no-store", opened.header("Cache-Control"));
        for (String accept : new String[] {"*/*", "application/json", "application/json, text/html;q=0.5"}) {
            FromAddress.Reply json = visitor.get(UNSUBSCRIBE + "?token=" + token, Map.of("Accept", accept));
            assertEquals(200, json.status(), accept + ": " + json.body());
            assertEquals(false, json.json().getBoolean("unsubscribed"), json.body());
        }
        try (Chromium chromium = new Chromium(deployment)) {
            chromium.open("/" + UNSUBSCRIBE + "?token=" + token);
            chromium.waitForText("Stop notification e-mails?");
            assertEquals("/unsubscribe", chromium.path(), "the console's page, the token out of the address bar");
            chromium.assertNoConsoleErrors();
        }
        assertEquals(List.of("0", "0"), recorded(user), "opening the link in a browser stops nothing");
    }

    /** Lets one delivery to the endpoint exhaust its retries (24 h compressed) and waits for the spell to start. */
    private void failingSpell(UUID endpoint) {
        api.post(ENDPOINTS + "/" + endpoint + "/test", tenant.apiKey(), "");
        eventually(() -> Rows.execute("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours', "
                + "next_attempt_at = now() WHERE endpoint_id = ? AND status = 'pending' AND attempts >= 1", endpoint) == 1);
        eventually(() -> Rows.single("SELECT failing_since FROM webhook_endpoints WHERE id = ?", endpoint) != null);
    }

    private FromAddress.Reply follow(String link) {
        return visitor.get(link, Map.of());
    }

    private FromAddress.Reply oneClick(String token) {
        return visitor.send("POST", UNSUBSCRIBE + "?token=" + token,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "List-Unsubscribe=One-Click");
    }

    /** The user's opt-out rows and email.unsubscribed audit events. */
    private List<String> recorded(UUID user) {
        return List.of(
                Rows.single("SELECT count(*)::text FROM email_opt_outs WHERE tenant_id = ? AND user_id = ? "
                        + "AND list = 'notifications'", tenant.tenantId(), user),
                Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ? "
                        + "AND action = 'email.unsubscribed' AND resource_id = ?", tenant.tenantId(), user.toString()));
    }

    private static UnsubscribeTokens signer(Instant now) {
        return new UnsubscribeTokens(new HmacKeys(TestPlatform.hmacKey()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void assertRefused(FromAddress.Reply answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
        assertEquals("https://humane.ai/problems/" + slug, answer.json().getString("type"));
    }

    private static MimeMessage message(String recipient, String subject) throws MessagingException {
        Mailbox.bodyOf(recipient, subject);
        for (MimeMessage message : TestPlatform.smtp().getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(recipient))
                    && message.getSubject().contains(subject)) {
                return message;
            }
        }
        throw new AssertionError("no " + subject + " mail to " + recipient);
    }

    private static void eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
