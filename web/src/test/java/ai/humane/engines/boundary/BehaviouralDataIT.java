package ai.humane.engines.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.FakeProvider;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engines, end users, messages and experiments do what api.md says, for the tenant that owns them. */
class BehaviouralDataIT extends HttpTest {

    private Api api;
    private String key;
    private UUID tenantId;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var provisioned = Tenants.create("Data");
        key = provisioned.apiKey();
        tenantId = provisioned.tenantId();
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
        String url = FakeProvider.shared().url(FakeProvider.Behaviour.GOOD);
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
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, tenant.endUser("user-" + i).toString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = api.get("api/v1/end-users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key).json();
            page.getJsonArray("data").forEach(item -> seen.add(item.asJsonObject().getString("id")));
            cursor = page.getBoolean("has_more") ? page.getString("next_cursor") : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(created, seen, "every end user once, newest first, across the pages");
    }

    /**
     * A cursor is only what the API issued: one whose time PostgreSQL cannot hold (year 300000) is 400 naming the
     * cursor, as any other forged one (broken once: the query failed, a 500).
     */
    @Test
    void aCursorBeyondWhatTheDatabaseHoldsIsRefusedLikeAnyForgedOne() {
        for (String forged : List.of("+300000-01-01T00:00Z|" + UUID.randomUUID(), "0000-01-01T00:00Z|" + UUID.randomUUID(),
                "2026-01-01T00:00Z|nope", "2026-01-01T00:00Z")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            Api.Answer refused = api.get("api/v1/end-users?cursor=" + cursor, key);
            assertEquals(400, refused.status(), forged + ": " + refused.body());
            assertEquals("https://humane.ai/problems/validation", refused.problemType());
            assertTrue(refused.body().contains("cursor"), refused.body());
        }
    }

    /**
     * An external id has no control or format characters and no space at either end, and is in composed form (NFC),
     * on create and on change; traits are at most 16 KiB (broken once each: a blank PATCH, an escape character, a
     * decomposed "Zoë" and 20 KiB of traits were stored).
     */
    @Test
    void externalIdsAndTraitsAreRefusedWhenTheyCouldDisguiseOrSwampAnEndUser() {
        UUID id = tenant.endUser("plain-id");
        for (String externalId : List.of(" ", "a\\u001bb", "line\\nbreak", "evil\\u202eexe.txt", "zero\\u200bwidth", " padded",
                "padded ", "\\u00a0nbsp", "Zoe\\u0308 decomposed")) {
            Api.Answer created = api.post("api/v1/end-users", key, "{\"external_id\":\"" + externalId + "\"}");
            assertEquals(400, created.status(), externalId + ": " + created.body());
            assertEquals("https://humane.ai/problems/validation", created.problemType());
            Api.Answer changed = api.patch("api/v1/end-users/" + id, key, "{\"external_id\":\"" + externalId + "\"}");
            assertEquals(400, changed.status(), externalId + ": " + changed.body());
        }
        assertEquals(201, api.post("api/v1/end-users", key, "{\"external_id\":\"Zoë O'Brien #42 (ünïcode)\"}").status());
        String large = "{\"traits\":{\"notes\":\"" + "x".repeat(20_000) + "\"}}";
        Api.Answer swamped = api.patch("api/v1/end-users/" + id, key, large);
        assertEquals(400, swamped.status(), swamped.body());
        assertTrue(swamped.body().contains("traits"), swamped.body());
        assertEquals(400, api.post("api/v1/end-users", key, "{\"external_id\":\"big\"," + large.substring(1)).status());
        assertEquals("{\"plan\": \"gold\"}", Rows.single("SELECT traits::text FROM end_users WHERE id = ?", id));
        assertEquals("plain-id", Rows.single("SELECT external_id FROM end_users WHERE id = ?", id));
    }

    /**
     * The rule for external ids is asked of a new id only: an end user stored before it (here with a space at the
     * end) keeps working when a client sends its id back unchanged beside new traits (broken once: 400).
     */
    @Test
    void anIdStoredBeforeTheRuleMayBeSentBackUnchanged() {
        UUID id = tenant.endUser("legacy");
        Rows.execute("UPDATE end_users SET external_id = 'legacy ' WHERE id = ?", id);
        Api.Answer echoed = api.patch("api/v1/end-users/" + id, key,
                "{\"external_id\":\"legacy \",\"traits\":{\"plan\":\"gold\"}}");
        assertEquals(200, echoed.status(), echoed.body());
        assertEquals("legacy ", echoed.json().getString("external_id"));
        Api.Answer renamed = api.patch("api/v1/end-users/" + id, key, "{\"external_id\":\" legacy\"}");
        assertEquals(400, renamed.status(), renamed.body());
        assertTrue(renamed.body().contains("external_id"), renamed.body());
        assertEquals("legacy ", Rows.single("SELECT external_id FROM end_users WHERE id = ?", id));
    }

    /**
     * Two requests creating one external id at once: the one whose insert meets the other's row (held uncommitted
     * here, so the check before the insert cannot see it) is 409 conflict, as the check answers (broken once: a 500).
     */
    @Test
    void anEndUserCreatedByAnotherRequestAtTheSameMomentIsAConflictNotAServerError() throws Exception {
        String externalId = "race-" + UUID.randomUUID();
        try (Connection other = TestPlatform.superuser()) {
            other.setAutoCommit(false);
            Rows.execute(other, "INSERT INTO end_users (id, tenant_id, external_id) VALUES (?, ?, ?)", UUID.randomUUID(),
                    tenantId, externalId);
            var racing = CompletableFuture.supplyAsync(
                    () -> api.post("api/v1/end-users", key, "{\"external_id\":\"" + externalId + "\"}"));
            Eventually.until("the request's insert waits on the other row", () -> Rows.waitingOn(other) == 1);
            other.commit();
            Api.Answer lost = racing.get(30, TimeUnit.SECONDS);
            assertEquals(409, lost.status(), lost.body());
            assertEquals("https://humane.ai/problems/conflict", lost.problemType());
        }
        assertEquals("1", Rows.single("SELECT count(*)::text FROM end_users WHERE external_id = ?", externalId));
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
