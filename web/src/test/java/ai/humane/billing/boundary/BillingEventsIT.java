package ai.humane.billing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import ai.humane.webhooks.control.SignatureSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The billing provider's signed events, verified as W2 verifies a customer's: a genuine event moves the
 * subscription (canceled falls to free); a forged, stale, replayed or unsigned one is refused and nothing changes.
 */
class BillingEventsIT extends HttpTest {

    private static final String PATH = "api/v1/billing/events";

    private final Api api = new Api(deployment);

    @Test
    void aSignedEventMovesTheSubscriptionAndCanceledFallsToFree() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Subscribed");
        Rows.execute("UPDATE tenants SET plan = 'pro' WHERE id = ?", tenant.tenantId());
        assertEquals(204, send(event(tenant.tenantId(), "past_due"), TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals("past_due/pro", state(tenant.tenantId()));
        assertEquals(204, send(event(tenant.tenantId(), "active"), "whsec_previous_billing_secret_of_the_tests", now()).status());
        assertEquals("active/pro", state(tenant.tenantId()));
        // The rate limiter has seen the plan (read with each credential): the fall to free holds at once.
        Browser owner = Browser.signIn(api, People.member(tenant.tenantId(), "owner"), People.PASSWORD);
        assertNotEquals("\"default\";q=300;w=60", api.get("api/v1/billing", tenant.apiKey()).header("RateLimit-Policy"));
        assertNotEquals("\"default\";q=300;w=60", owner.get("api/v1/billing").header("RateLimit-Policy"));
        assertEquals(204, send(event(tenant.tenantId(), "canceled"), TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals("canceled/free", state(tenant.tenantId()));
        assertEquals("\"default\";q=300;w=60", api.get("api/v1/billing", tenant.apiKey()).header("RateLimit-Policy"));
        assertEquals("\"default\";q=300;w=60", owner.get("api/v1/billing").header("RateLimit-Policy"));
        assertEquals("{\"plan\": \"pro\", \"subscription_status\": \"active\"}", Rows.single("SELECT before::text"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action = 'billing.subscription_changed'"
                + " AND after->>'subscription_status' = 'canceled'", tenant.tenantId()));

        // The owner cannot undo the cancellation (broken once: 200 and enterprise with a canceled subscription).
        Api.Answer undone = api.send("api/v1/billing/plan", tenant.apiKey(), "PUT", "application/json",
                "{\"plan\":\"enterprise\"}");
        assertEquals(409, undone.status(), undone.body());
        assertEquals("https://humane.ai/problems/conflict", undone.problemType());
        assertEquals("canceled/free", state(tenant.tenantId()));
        assertEquals(200, api.send("api/v1/billing/plan", tenant.apiKey(), "PUT", "application/json",
                "{\"plan\":\"free\"}").status());
        assertEquals(204, send(event(tenant.tenantId(), "active"), TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(200, api.send("api/v1/billing/plan", tenant.apiKey(), "PUT", "application/json",
                "{\"plan\":\"pro\"}").status(), "active again");
        assertEquals("active/pro", state(tenant.tenantId()));
    }

    @Test
    void forgedStaleReplayedAndUnsignedEventsAreRefusedAndChangeNothing() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Forged");
        Rows.execute("UPDATE tenants SET plan = 'pro' WHERE id = ?", tenant.tenantId());
        String canceled = event(tenant.tenantId(), "canceled");
        assertEquals(401, send(canceled, "whsec_a_secret_the_provider_never_had", now()).status());
        assertEquals(401, send(canceled, TestPlatform.BILLING_WEBHOOK_SECRET, now() - 301).status());
        assertEquals(401, send(canceled, TestPlatform.BILLING_WEBHOOK_SECRET, now() + 301).status());
        assertEquals(401, api.send(api.request(PATH, null).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(canceled))).status());
        String signedPastDue = event(tenant.tenantId(), "past_due");
        long t = now();
        String header = "t=" + t + ",v1=" + SignatureSigner.humaneV1(TestPlatform.BILLING_WEBHOOK_SECRET, t,
                signedPastDue.getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post(canceled, header).status(), "a signature of another body");
        assertEquals("active/pro", state(tenant.tenantId()));
        assertEquals(204, post(signedPastDue, header).status());
        Rows.execute("UPDATE tenants SET subscription_status = 'active' WHERE id = ?", tenant.tenantId());
        assertEquals(409, post(signedPastDue, header).status(), "a replay inside the window");
        assertEquals("active/pro", state(tenant.tenantId()));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'billing.subscription_changed'", tenant.tenantId()));
    }

    @Test
    void signedButMalformedEventsAreRefusedAndChangeNothing() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Malformed");
        UUID id = tenant.tenantId();
        assertEquals(400, send("{\"id\":\"e1\",", TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(400, send(event(id, "frozen"), TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(400, send(event(id, "canceled").replace("subscription.updated", "invoice.paid"),
                TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(400, send("{\"id\":\"d\",\"id\":\"e\",\"type\":\"subscription.updated\",\"tenant_id\":\"" + id
                + "\",\"status\":\"canceled\"}", TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(400, send(event(id, "canceled").replace("\"id\":\"evt_", "\"id\":\"" + "x".repeat(300)),
                TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(404, send(event(UUID.randomUUID(), "canceled"), TestPlatform.BILLING_WEBHOOK_SECRET, now()).status());
        assertEquals(413, send("{\"id\":\"" + "x".repeat(1_100_000) + "\"}", TestPlatform.BILLING_WEBHOOK_SECRET,
                now()).status());
        assertEquals("active/free", state(id));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM billing_events WHERE tenant_id = ?", id));
    }

    private Api.Answer send(String body, String secret, long timestamp) {
        return post(body, "t=" + timestamp + ",v1=" + SignatureSigner.humaneV1(secret, timestamp,
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private Api.Answer post(String body, String signature) {
        return api.send(api.request(PATH, null).header("Content-Type", "application/json")
                .header("Humane-Signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String event(UUID tenant, String status) {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"subscription.updated\",\"tenant_id\":\"" + tenant
                + "\",\"status\":\"" + status + "\"}";
    }

    private static String state(UUID tenant) {
        return Rows.single("SELECT subscription_status || '/' || plan FROM tenants WHERE id = ?", tenant);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
