package ai.humane.idempotency.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A2 with the answers that hand out a secret once (docs/api.md): the idempotency store never holds the
 * secret, a retry with the same key neither shows it again nor runs the operation twice, and an access token
 * is not replayed at all.
 */
class IdempotentSecretsIT extends HttpTest {

    private Api api;
    private UUID tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("IdemSecrets");
        tenant = created.tenantId();
        key = created.apiKey();
    }

    @Test
    void aRetriedApiKeyCreationCreatesOneKeyAndShowsItOnce() {
        String idem = UUID.randomUUID().toString();
        Api.Answer first = post("api/v1/api-keys", idem, "{\"name\":\"retried\"}");
        assertEquals(201, first.status(), first.toString());
        String secret = first.json().getString("key");
        assertTrue(secret.startsWith("hk_live_"), secret);
        Api.Answer again = assertRedactedReplay(first, post("api/v1/api-keys", idem, "{\"name\":\"retried\"}"), "key", secret);
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM api_keys WHERE tenant_id = ? AND name = 'retried'", tenant));
    }

    @Test
    void aRetriedWebhookEndpointCreationCreatesOneEndpointAndShowsItsSecretOnce() {
        String idem = UUID.randomUUID().toString();
        WebhookReceiver receiver = WebhookReceiver.shared();
        String body = "{\"url\":\"" + receiver.url(receiver.path(200)) + "\",\"events\":[\"*\"]}";
        Api.Answer first = post("api/v1/webhooks/endpoints", idem, body);
        assertEquals(201, first.status(), first.toString());
        assertRedactedReplay(first, post("api/v1/webhooks/endpoints", idem, body), "secret", first.json().getString("secret"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM webhook_endpoints WHERE tenant_id = ?", tenant));
    }

    @Test
    void aRetriedRotationRotatesOnceAndShowsTheNewSecretOnce() {
        WebhookReceiver receiver = WebhookReceiver.shared();
        Api.Answer created = api.post("api/v1/webhooks/endpoints", key,
                "{\"url\":\"" + receiver.url(receiver.path(200)) + "\",\"events\":[\"*\"]}");
        String endpoint = created.json().getString("id");
        String idem = UUID.randomUUID().toString();
        String rotate = "api/v1/webhooks/endpoints/" + endpoint + "/rotate-secret";
        Api.Answer first = post(rotate, idem, "{\"overlap_hours\":2}");
        assertEquals(200, first.status(), first.toString());
        String sealed = Rows.single("SELECT secret || previous_secret FROM webhook_endpoints WHERE id = ?::uuid", endpoint);
        assertRedactedReplay(first, post(rotate, idem, "{\"overlap_hours\":2}"), "secret", first.json().getString("secret"));
        assertEquals(sealed, Rows.single("SELECT secret || previous_secret FROM webhook_endpoints WHERE id = ?::uuid", endpoint),
                "the replay rotated nothing");
    }

    @Test
    void aRetriedInboundSecretIsIssuedOnceAndShownOnce() {
        UUID engine = new Fixtures(api, key).engine("inbound");
        String idem = UUID.randomUUID().toString();
        String path = "api/v1/inbound/" + engine + "/secret";
        Api.Answer first = post(path, idem, "{}");
        assertEquals(200, first.status(), first.toString());
        String sealed = Rows.single("SELECT secret FROM inbound_secrets WHERE engine_id = ?", engine);
        assertRedactedReplay(first, post(path, idem, "{}"), "secret", first.json().getString("secret"));
        assertEquals(sealed, Rows.single("SELECT secret FROM inbound_secrets WHERE engine_id = ?", engine));
        assertNull(Rows.single("SELECT previous_secret FROM inbound_secrets WHERE engine_id = ?", engine), "issued once");
    }

    @Test
    void anAccessTokenIsNotReplayedAndNotKept() {
        String idem = UUID.randomUUID().toString();
        Api.Answer first = post("api/v1/auth/token", idem, "");
        Api.Answer again = post("api/v1/auth/token", idem, "");
        assertEquals(200, first.status(), first.toString());
        assertEquals(200, again.status(), again.toString());
        assertNull(again.header("Idempotent-Replayed"), "a retry is issued a token of its own");
        assertTrue(again.json().getString("access_token").startsWith("eyJ"));
        assertNotEquals(first.json().getString("access_token"), again.json().getString("access_token"));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ? AND key = ?", tenant, idem));
    }

    /** The replay is the first answer with {@code field} null, and the store holds the rest but not the secret. */
    private Api.Answer assertRedactedReplay(Api.Answer first, Api.Answer again, String field, String secret) {
        assertEquals(first.status(), again.status(), again.toString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        JsonObject replayed = again.json();
        assertTrue(replayed.isNull(field), replayed.toString());
        assertEquals(first.json().getString("id", first.json().getString("engine_id", "")),
                replayed.getString("id", replayed.getString("engine_id", "")));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?"
                + " AND position(convert_to(?, 'UTF8') IN body) > 0", tenant, secret), "the secret is not at rest in the store");
        assertEquals("1", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ? AND state = 'done'"
                + " AND position(convert_to(?, 'UTF8') IN body) > 0", tenant, "\"" + field + "\":null"));
        return again;
    }

    private Api.Answer post(String path, String idem, String json) {
        return api.postOnce(path, key, idem, json);
    }
}
