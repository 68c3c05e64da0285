package ai.humane.apikeys.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** K1 over HTTP: keys shown once, stored hashed, scoped, and dead from the request after revocation. */
class ApiKeysIT extends HttpTest {

    private Api api;
    private String ownerKey;
    private Fixtures owner;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        ownerKey = Tenants.create("Keys").apiKey();
        owner = new Fixtures(api, ownerKey);
    }

    @Test
    void aNewKeyIsShownOnceAndStoredOnlyAsItsHash() {
        Api.Answer created = api.post("api/v1/api-keys", ownerKey, "{\"name\":\"ci\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, created.status(), created.body());
        JsonObject body = created.json();
        String key = body.getString("key");
        assertTrue(key.matches("hk_live_[A-Za-z0-9_-]{43}"), key);
        assertTrue(key.startsWith(body.getString("prefix")));
        assertNotNull(created.header("Location"));

        Api.Answer list = api.get("api/v1/api-keys", ownerKey);
        assertFalse(list.body().contains(key), "the list must never show a key");
        String row = Rows.row("api_keys", UUID.fromString(body.getString("id")));
        assertFalse(row.contains(key.substring(16)), "the database must not hold the key: " + row);
        assertEquals("32", Rows.single("SELECT length(key_hash)::text FROM api_keys WHERE id = ?",
                UUID.fromString(body.getString("id"))));
    }

    @Test
    void aRevokedKeyIsRefusedFromTheNextRequest() {
        Api.Answer created = api.post("api/v1/api-keys", ownerKey, "{\"name\":\"temp\",\"scopes\":[\"read\"]}");
        String key = created.json().getString("key");
        assertEquals(200, api.get("api/v1/engines", key).status());

        assertEquals(204, api.delete("api/v1/api-keys/" + created.json().getString("id"), ownerKey).status());
        Api.Answer after = api.get("api/v1/engines", key);
        assertEquals(401, after.status(), after.body());
        assertEquals("https://humane.ai/problems/unauthenticated", after.problemType());
        JsonObject revoked = api.get("api/v1/api-keys", ownerKey).json().getJsonArray("data").stream()
                .map(v -> v.asJsonObject())
                .filter(k -> k.getString("id").equals(created.json().getString("id")))
                .findFirst().orElseThrow();
        assertEquals(jakarta.json.JsonValue.ValueType.STRING, revoked.get("revoked_at").getValueType(), revoked.toString());
    }

    @Test
    void unknownMalformedAndMissingCredentialsAreUnauthenticated() {
        String unknown = "hk_live_" + "A".repeat(43);
        String tampered = ownerKey.substring(0, ownerKey.length() - 1) + (ownerKey.endsWith("A") ? "B" : "A");
        for (String key : new String[] {unknown, tampered, "hk_live_short", "not-a-key"}) {
            Api.Answer answer = api.get("api/v1/engines", key);
            assertEquals(401, answer.status(), key + " " + answer.body());
            assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
            assertNotNull(answer.header("WWW-Authenticate"));
        }
        Api.Answer none = api.get("api/v1/engines", null);
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
        Api.Answer basic = api.send(api.request("api/v1/engines", null).header("Authorization", "Basic dXNlcjpwdw=="));
        assertEquals(401, basic.status());
    }

    @Test
    void aReadKeyReadsButCannotWrite() {
        UUID engine = owner.engine("existing");
        String readKey = owner.apiKey("[\"read\"]");
        assertEquals(200, api.get("api/v1/engines/" + engine, readKey).status());
        assertForbidden(api.post("api/v1/engines", readKey, "{\"name\":\"x\",\"kind\":\"lexicon\"}"));
        assertForbidden(api.patch("api/v1/engines/" + engine, readKey, "{\"name\":\"renamed\"}"));
        assertForbidden(api.delete("api/v1/engines/" + engine, readKey));
        assertForbidden(api.post("api/v1/api-keys", readKey, "{\"name\":\"escalate\",\"scopes\":[\"write\"]}"));
        assertTrue(Rows.row("engines", engine).contains("\"name\": \"existing\""));
    }

    @Test
    void aWriteKeyWrites() {
        String writeKey = owner.apiKey("[\"read\",\"write\"]");
        assertEquals(201, api.post("api/v1/engines", writeKey, "{\"name\":\"x\",\"kind\":\"lexicon\"}").status());
    }

    @Test
    void keysDefaultToReadOnly() {
        Api.Answer created = api.post("api/v1/api-keys", ownerKey, "{\"name\":\"default\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("[\"read\"]", created.json().getJsonArray("scopes").toString());
    }

    @Test
    void keyRequestsAreValidated() {
        assertEquals(400, api.post("api/v1/api-keys", ownerKey, "{\"name\":\"\",\"scopes\":[\"read\"]}").status());
        assertEquals(400, api.post("api/v1/api-keys", ownerKey, "{\"name\":\"x\",\"scopes\":[\"admin\"]}").status());
        assertEquals(400, api.post("api/v1/api-keys", ownerKey, "{\"name\":\"x\",\"role\":\"owner\"}").status());
        assertEquals(404, api.delete("api/v1/api-keys/" + UUID.randomUUID(), ownerKey).status());
    }

    private static void assertForbidden(Api.Answer answer) {
        assertEquals(403, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/forbidden", answer.problemType());
    }
}
