package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Tenants;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input to the webhook endpoints and the Webhook Monitor: each is a problem, none a 500. */
class WebhookInputIT extends HttpTest {

    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";

    private Api api;
    private String key;
    private String url;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Input").apiKey();
        url = WebhookReceiver.shared().url(WebhookReceiver.shared().path(200));
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
