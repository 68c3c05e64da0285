package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.HeldTenant;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input to the webhook endpoints and the Webhook Monitor: each is a problem, none a 500. */
class WebhookInputIT extends HttpTest {

    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";
    /** WEBHOOKS_ENDPOINTS_PER_TENANT, left at its default on the test server. */
    private static final int ENDPOINTS_PER_TENANT = 20;

    private Api api;
    private TenantProvisioning.Provisioned tenant;
    private String key;
    private String url;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        tenant = Tenants.create("Input");
        key = tenant.apiKey();
        url = WebhookReceiver.shared().url(WebhookReceiver.shared().path(200));
    }

    /**
     * A3: a tenant's endpoints are capped, so one write cannot fan out to a thousand deliveries at one server. The
     * endpoint past the ceiling is 409 problem+json and leaves no row and no audit event; another tenant is not held
     * back by it (broken once: without the count the 21st was 201).
     */
    @Test
    void anEndpointPastTheTenantsCeilingIsAConflictAndStoresNothing() {
        for (int i = 0; i < ENDPOINTS_PER_TENANT; i++) {
            assertEquals(201, create(key).status());
        }
        Api.Answer refused = create(key);
        assertEquals(409, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type"), refused.body());
        assertEquals("https://humane.ai/problems/conflict", refused.problemType());
        assertEquals(List.of(ENDPOINTS_PER_TENANT, ENDPOINTS_PER_TENANT), stored(tenant.tenantId()), "endpoints, audited");

        TenantProvisioning.Provisioned other = Tenants.create("InputOther");
        assertEquals(201, create(other.apiKey()).status(), "the ceiling is each tenant's own");
        assertEquals(List.of(1, 1), stored(other.tenantId()));
    }

    /**
     * Creates at the same moment cannot pass the ceiling together: each waits for the tenant row's lock (held here by
     * the superuser, as a create under way holds it) and counts what the ones before it committed, so of five creates
     * with room for three, three are 201 and two 409. Broken once: without the lock none waited.
     */
    @Test
    void concurrentCreatesCannotPassTheCeiling() throws Exception {
        int room = 3;
        int creates = 5;
        for (int i = 0; i < ENDPOINTS_PER_TENANT - room; i++) {
            assertEquals(201, create(key).status());
        }
        HeldTenant.Race race = HeldTenant.race(tenant.tenantId(), Collections.nCopies(creates, () -> create(key)));
        assertEquals(List.of(ENDPOINTS_PER_TENANT, ENDPOINTS_PER_TENANT), stored(tenant.tenantId()));
        assertEquals(List.of(201, 201, 201, 409, 409), race.sortedStatuses(), race.answers().toString());
        assertEquals(creates, race.waiting(), "every create waits for the tenant's lock");
    }

    private Api.Answer create(String apiKey) {
        return api.post(ENDPOINTS, apiKey, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
    }

    /** The tenant's endpoints and its audited creations of one. */
    private static List<Integer> stored(UUID tenantId) {
        return List.of(Integer.parseInt(Rows.single("SELECT count(*)::text FROM webhook_endpoints WHERE tenant_id = ?",
                        tenantId)),
                Integer.parseInt(Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ? "
                        + "AND action = 'webhook_endpoint.created'", tenantId)));
    }

    @Test
    void malformedOrOversizedEndpointsAreValidationProblems() {
        for (String body : new String[] {
                "{\"events\":[\"*\"]}",
                "{\"url\":\"" + url + "\"}",
                "{\"url\":\"" + url + "\",\"events\":[]}",
                "{\"url\":\"" + url + "\",\"events\":[\"Not An Event\"]}",
                "{\"url\":\"" + url + "\",\"events\":[\"*\"],\"description\":\"" + "d".repeat(501) + "\"}",
                "{\"url\":\"" + url + "\",\"events\":[\"*\"],\"tenant_id\":\"" + UUID.randomUUID() + "\"}",
                "{\"url\":\"https://example.com/" + "p".repeat(2100) + "\",\"events\":[\"*\"]}"}) {
            Api.Answer refused = api.post(ENDPOINTS, key, body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
        }
        assertEquals(400, api.post(ENDPOINTS, key, "{\"url\":").status());
        assertEquals(415, api.send(ENDPOINTS, key, "POST", "text/plain", "url").status());
    }

    @Test
    void aRotationOverlapOutOfRangeAndAnUnknownStatusFilterAreRefused() {
        String id = api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}").json().getString("id");
        assertEquals(400, api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{\"overlap_hours\":1000}").status());
        assertEquals(400, api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{\"overlap_hours\":-1}").status());
        assertEquals(400, api.get("api/v1/webhooks/deliveries?status=lost", key).status());
        assertEquals(404, api.post("api/v1/webhooks/deliveries/" + UUID.randomUUID() + "/retry", key, "").status());
        assertEquals(404, api.get(ENDPOINTS + "/" + UUID.randomUUID(), key).status());
    }

    @Test
    void withoutACredentialNothingIsAnswered() {
        assertEquals(401, api.get(ENDPOINTS, null).status());
        assertEquals(401, api.get("api/v1/webhooks/deliveries", null).status());
        assertEquals(401, api.post("api/v1/inbound/" + UUID.randomUUID() + "/secret", null, "{}").status());
    }
}
