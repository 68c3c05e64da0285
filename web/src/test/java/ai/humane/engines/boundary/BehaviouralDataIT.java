package ai.humane.engines.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engines, end users, messages and experiments do what api.md says, for the tenant that owns them. */
class BehaviouralDataIT extends HttpTest {

    private Api api;
    private String key;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Data").apiKey();
        tenant = new Fixtures(api, key);
    }

    @Test
    void enginesAreCreatedReadUpdatedAndDeleted() {
        UUID id = tenant.engine("Lexicon");
        JsonObject read = api.get("api/v1/engines/" + id, key).json();
        assertEquals("Lexicon", read.getString("name"));
        assertEquals("en", read.getJsonObject("config").getString("lang"));

        Api.Answer patched = api.patch("api/v1/engines/" + id, key, "{\"name\":\"Renamed\",\"config\":{\"lang\":\"de\"}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("de", patched.json().getJsonObject("config").getString("lang"));
        assertTrue(Rows.row("engines", id).contains("\"Renamed\""));

        assertEquals(204, api.delete("api/v1/engines/" + id, key).status());
        assertEquals(404, api.get("api/v1/engines/" + id, key).status());
        assertEquals(null, Rows.row("engines", id));
    }

    @Test
    void anLlmEngineNeedsAProviderUrlAndKeepsItsKeyOnlySealed() {
        String url = ai.humane.testing.FakeProvider.shared().url(ai.humane.testing.FakeProvider.Behaviour.GOOD);
        assertEquals(400, api.post("api/v1/engines", key, "{\"name\":\"L\",\"kind\":\"llm\"}").status());
        assertEquals(400, api.post("api/v1/engines", key, "{\"name\":\"L\",\"kind\":\"lexicon\",\"provider_api_key\":\"sk-x\"}").status());
        Api.Answer withKey = api.post("api/v1/engines", key,
                "{\"name\":\"L\",\"kind\":\"llm\",\"provider_url\":\"" + url + "\",\"provider_api_key\":\"sk-secret-1\"}");
        assertEquals(201, withKey.status(), withKey.body());
        assertFalse(withKey.body().contains("sk-secret-1"));
        String stored = Rows.row("engines", UUID.fromString(withKey.json().getString("id")));
        assertFalse(stored.contains("sk-secret-1"), "the key is sealed (K3)");
        assertTrue(stored.contains("\"provider_api_key\": \"gAAAAA"), stored);
    }

    @Test
    void listsArePagedNewestFirstWithACursor() {
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(tenant.endUser("user-" + i));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = api.get("api/v1/end-users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key).json();
            page.getJsonArray("data").forEach(item -> seen.add(item.asJsonObject().getString("id")));
            cursor = page.getBoolean("has_more") ? page.getString("next_cursor") : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(created.stream().map(UUID::toString).collect(java.util.stream.Collectors.toSet()), seen);
    }

    @Test
    void endUsersKeepTheirExternalIdUniqueAndAreUpdated() {
        UUID id = tenant.endUser("ext-1");
        assertEquals(409, api.post("api/v1/end-users", key, "{\"external_id\":\"ext-1\"}").status());
        Api.Answer patched = api.patch("api/v1/end-users/" + id, key, "{\"traits\":{\"tier\":\"b\"}}");
        assertEquals("b", patched.json().getJsonObject("traits").getString("tier"));
        assertEquals("ext-1", patched.json().getString("external_id"));
        assertEquals(204, api.delete("api/v1/end-users/" + id, key).status());
        assertEquals(404, api.get("api/v1/end-users/" + id, key).status());
    }

    @Test
    void messagesAreStoredInTheEndUsersConversation() {
        UUID engine = tenant.engine("e");
        UUID endUser = tenant.endUser("talker");
        tenant.message(endUser, engine, "first");
        tenant.message(endUser, engine, "second");
        JsonObject list = api.get("api/v1/end-users/" + endUser + "/messages", key).json();
        assertEquals(2, list.getJsonArray("data").size());
        assertTrue(list.toString().contains("\"content\":\"first\""));
        assertEquals(400, api.post("api/v1/end-users/" + endUser + "/messages", key,
                "{\"engine_id\":\"" + engine + "\",\"role\":\"robot\",\"content\":\"x\"}").status());
        assertEquals(404, api.post("api/v1/end-users/" + UUID.randomUUID() + "/messages", key,
                "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"x\"}").status());
    }

    @Test
    void experimentsCompareTheTenantsEngines() {
        UUID a = tenant.engine("a");
        UUID b = tenant.engine("b");
        UUID id = tenant.experiment("Tone", a, b);
        JsonObject read = api.get("api/v1/experiments/" + id, key).json();
        assertEquals("draft", read.getString("status"));
        assertEquals(2, read.getJsonArray("variants").size());
        Api.Answer running = api.patch("api/v1/experiments/" + id, key, "{\"status\":\"running\"}");
        assertEquals("running", running.json().getString("status"));
        assertEquals(400, api.patch("api/v1/experiments/" + id, key, "{\"status\":\"paused\"}").status());
        assertEquals(400, api.post("api/v1/experiments", key, "{\"name\":\"one\",\"variants\":[{\"name\":\"a\",\"engine_id\":\""
                + a + "\",\"weight\":1}]}").status());
        assertFalse(api.get("api/v1/experiments", key).body().isEmpty());
    }
}
