package ai.humane.mail.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.saml.boundary.IdpMetadataFiles;
import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.FakeProvider;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.QueuedMail;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import ai.humane.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail cannot be used as a weapon, over HTTP: five e-mails an hour to one address (the default), and the test
 * events a minute to one receiver (a server: host and port) that the test platform allows. A reset past the ceiling
 * answers as every reset does and queues nothing; an invitation or a test event past it answers 429 with Retry-After.
 */
class SendThrottleIT extends HttpTest {

    private static final String RESET = "api/v1/auth/password-reset";
    private static final String INVITATIONS = "api/v1/team/invitations";
    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        People.forgetLoopback();
    }

    @Test
    void theSixthResetToOneAddressAnswersAlikeButQueuesNoMailAndAnotherAddressStillGetsItsOwn() throws IOException {
        String email = People.uniqueEmail("flooded");
        People.signUp(api, email);
        String tenant = Rows.single("SELECT tenant_id::text FROM users WHERE email = ?", email);
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Api.Answer answer = api.post(RESET, null, "{\"email\":\"" + email + "\"}");
            assertEquals(202, answer.status(), answer.body());
            answers.add(answer.status() + " " + answer.body());
        }
        assertEquals(1, answers.size(), "the sixth answer is the same as the first: " + answers);
        // Each request is carried out by the dispatcher after its answer (S2): the sixth finds the budget spent.
        Eventually.until("the six requests are carried out",
                () -> QueuedMail.count(email, "password_reset_request", "sent") == 6);
        assertEquals(5, QueuedMail.count(email, "password_reset"), "the sixth was not queued");
        Eventually.until("five resets arrive", () -> Mailbox.countTo(email, "Reset your Humane password") == 5);

        String other = People.uniqueEmail("bystander");
        People.signUp(api, other);
        assertEquals(202, api.post(RESET, null, "{\"email\":\"" + other + "\"}").status());
        assertTrue(Mailbox.bodyOf(other, "Reset your Humane password").contains("reset-password?token="));
        assertEquals(5, Mailbox.countTo(email, "Reset your Humane password"), "still five: the sixth never comes");

        String log = Files.readString(TestServer.log());
        assertTrue(log.contains("Send budget password resets per recipient address used up: password_reset of tenant "
                        + tenant),
                "the suppression is logged");
        assertFalse(log.contains(email), "without the address");
    }

    /**
     * Anyone may sign up with a person's address, and each attempt mails its owner; those mails use the inbox's budget,
     * and the person's own reset still comes: resets have a budget of their own (A3; found by a review, broken once:
     * five sign-ups, answered 202 to anyone, silenced the reset for the hour).
     */
    @Test
    void signUpsWithAPersonsAddressDoNotSilenceTheirReset() {
        String email = People.uniqueEmail("targeted");
        People.signUp(api, email);
        for (int i = 0; i < 6; i++) {
            assertEquals(202, api.post("api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\""
                    + People.PASSWORD + "\",\"name\":\"Mallory\",\"organization\":\"Mallory Ltd\"}").status());
        }
        assertEquals(4, QueuedMail.count(email, "sign_up_attempted"), "the inbox's five: the verification and four notices");
        assertEquals(202, api.post(RESET, null, "{\"email\":\"" + email + "\"}").status());
        Eventually.until("the reset arrives", () -> Mailbox.countTo(email, "Reset your Humane password") == 1);
    }

    @Test
    void theSixthInvitationToOneAddressIsRefusedInAnyTenantAndStoresNothing() {
        TenantProvisioning.Provisioned first = Tenants.create("Inviter");
        TenantProvisioning.Provisioned second = Tenants.create("Other");
        String invitee = People.uniqueEmail("invitee");
        assertEquals(401, invite(null, invitee).status(), "no credential, no spend");
        assertEquals(400, api.post(INVITATIONS, first.apiKey(), "{\"email\":\"" + invitee + "\",\"role\":\"emperor\"}")
                .status(), "malformed, no spend");
        assertEquals(400, api.post(INVITATIONS, first.apiKey(), "{\"email\":\"" + invitee + "\",\"role\":\"viewer\","
                + "\"tenant_id\":\"" + second.tenantId() + "\"}").status(), "an unknown field, no spend");
        // Each spelled with other white space around it (JSON escapes of U+2003 and U+3000), which the address drops:
        // one inbox, one budget. Before, each spelling had a budget of its own (broken once).
        for (int i = 0; i < 5; i++) {
            Api.Answer invited = invite(first.apiKey(), "\\u2003".repeat(i) + invitee);
            assertEquals(201, invited.status(), invited.body());
        }
        assertRateLimited(invite(first.apiKey(), invitee + "\\u3000"), 3600);
        assertRateLimited(invite(second.apiKey(), invitee), 3600);
        assertEquals("5", Rows.single("SELECT count(*)::text FROM invitations WHERE email = ?", invitee), "refusals store nothing");
        assertEquals(5, QueuedMail.count(invitee, "invitation"));
        assertEquals(201, invite(first.apiKey(), People.uniqueEmail("welcome")).status(), "another address still works");
    }

    /**
     * The receiver is the server: every tenant's test events to it count together, whatever path or spelling each URL
     * has. On a server no other test sends test events to (the fake LLM provider's), so the budget is this test's.
     */
    @Test
    void testEventsPastTheReceiversCeilingAreRefusedAndOnlyThatReceiversBudgetIsSpent() {
        int ceiling = TestPlatform.TEST_EVENTS_PER_RECEIVER_PER_MINUTE;
        TenantProvisioning.Provisioned tenant = Tenants.create("Tester");
        TenantProvisioning.Provisioned other = Tenants.create("OtherTester");
        String receiverAt = "http://" + FakeProvider.allowList() + "/hooks/" + UUID.randomUUID();
        String target = endpointAt(tenant.apiKey(), receiverAt);
        String othersTarget = endpointAt(other.apiKey(), receiverAt + "/another?path=1");
        String stranger = Tenants.create("Stranger").apiKey();
        for (int i = 0; i < 3; i++) {
            assertEquals(404, api.post(ENDPOINTS + "/" + target + "/test", stranger, "").status(), "another tenant's");
        }
        for (int i = 0; i < ceiling; i++) {
            Api.Answer queued = api.post(ENDPOINTS + "/" + (i % 2 == 0 ? target : othersTarget) + "/test",
                    (i % 2 == 0 ? tenant : other).apiKey(), "");
            assertEquals(202, queued.status(), "test " + (i + 1) + ": " + queued.body());
        }
        assertRateLimited(api.post(ENDPOINTS + "/" + target + "/test", tenant.apiKey(), ""), 60);
        assertRateLimited(api.post(ENDPOINTS + "/" + othersTarget + "/test", other.apiKey(), ""), 60);
        String elsewhere = endpointAt(tenant.apiKey(), "http://" + IdpMetadataFiles.allowList() + "/hooks/elsewhere");
        assertEquals(202, api.post(ENDPOINTS + "/" + elsewhere + "/test", tenant.apiKey(), "").status(), "another receiver");
    }

    private Api.Answer invite(String key, String email) {
        return api.post(INVITATIONS, key, "{\"email\":\"" + email + "\",\"role\":\"viewer\"}");
    }

    private String endpointAt(String key, String url) {
        Api.Answer created = api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
        assertEquals(201, created.status(), created.body());
        return created.json().getString("id");
    }

    private static void assertRateLimited(Api.Answer answer, int windowSeconds) {
        assertEquals(429, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/rate-limited", answer.problemType());
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.header("Content-Type"));
        int retryAfter = Integer.parseInt(answer.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= windowSeconds, "Retry-After " + retryAfter);
    }
}
