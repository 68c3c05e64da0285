package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.audit.control.AuditChain;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L1 over HTTP: key changes land in the tenant's audit log with actor, action, resource, before and
 * after (never key material); the log is filtered, paged, exported and verified; one event changed in
 * the database is found; other tenants and lesser roles see nothing.
 */
class AuditEventsIT extends HttpTest {

    private static final String EVENTS = "api/v1/audit-events";

    private Api api;
    private Provisioned tenant;
    private String ownerKey;
    private Fixtures owner;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        tenant = Tenants.create("Audited");
        ownerKey = tenant.apiKey();
        owner = new Fixtures(api, ownerKey);
    }

    @Test
    void issuingAndRevokingAKeyAreAuditedWithoutKeyMaterial() {
        Api.Answer issued = api.post("api/v1/api-keys", ownerKey, "{\"name\":\"ci\",\"scopes\":[\"read\"]}");
        String key = issued.json().getString("key");
        String id = issued.json().getString("id");
        assertEquals(204, api.delete("api/v1/api-keys/" + id, ownerKey).status());

        List<JsonObject> events = list(EVENTS);
        assertEquals(2, events.size(), events.toString());
        JsonObject revoked = events.get(0);
        JsonObject created = events.get(1);
        assertEquals(List.of(2, 1), List.of(revoked.getInt("seq"), created.getInt("seq")), "newest first");
        for (JsonObject event : events) {
            assertEquals(Json.createObjectBuilder().add("type", "api_key").add("id", ownerKeyId().toString()).build(),
                    event.getJsonObject("actor"));
            assertEquals(Json.createObjectBuilder().add("type", "api_key").add("id", id).build(), event.getJsonObject("resource"));
            assertEquals("127.0.0.1", event.getString("client_ip"));
            assertTrue(event.getString("hash").matches("[0-9a-f]{64}"), event.toString());
        }
        assertEquals("api_key.created", created.getString("action"));
        assertEquals(JsonValue.NULL, created.get("before"));
        assertEquals(Json.createReader(new StringReader("{\"name\":\"ci\",\"prefix\":\"" + key.substring(0, 16)
                + "\",\"role\":\"owner\",\"scopes\":\"read\",\"revoked_at\":null}")).readObject(), created.getJsonObject("after"));
        assertEquals("0".repeat(64), created.getString("prev_hash"));
        assertEquals("api_key.revoked", revoked.getString("action"));
        assertEquals(JsonValue.NULL, revoked.getJsonObject("before").get("revoked_at"));
        assertNotNull(revoked.getJsonObject("after").getString("revoked_at"));
        assertEquals(created.getString("hash"), revoked.getString("prev_hash"));

        String stored = Rows.single("SELECT string_agg(to_jsonb(e)::text, ' ') FROM admin_audit_events e WHERE tenant_id = ?",
                tenant.tenantId());
        String keyHash = Rows.single("SELECT encode(key_hash, 'hex') FROM api_keys WHERE id = ?", UUID.fromString(id));
        for (String text : new String[] {stored, api.get(EVENTS, ownerKey).body(), export("jsonl"), export("csv")}) {
            assertFalse(text.contains(key.substring(16)), "no key material in the audit log: " + text);
            assertFalse(text.contains(keyHash), "no key hash in the audit log");
        }
    }

    @Test
    void filtersAndTheCursorPageThroughTheLog() {
        List<UUID> keys = List.of(owner.apiKeyId("[\"read\"]"), owner.apiKeyId("[\"read\"]"), owner.apiKeyId("[\"read\"]"));
        assertEquals(204, api.delete("api/v1/api-keys/" + keys.get(1), ownerKey).status());

        Api.Answer first = api.get(EVENTS + "?limit=3", ownerKey);
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().getBoolean("has_more"));
        List<JsonObject> rest = list(EVENTS + "?limit=3&cursor=" + first.json().getString("next_cursor"));
        assertEquals(List.of(4, 3, 2), seqs(first.json().getJsonArray("data").getValuesAs(JsonObject.class)));
        assertEquals(List.of(1), seqs(rest));

        List<JsonObject> revoked = list(EVENTS + "?action=api_key.revoked");
        assertEquals(1, revoked.size());
        assertEquals(keys.get(1).toString(), revoked.get(0).getJsonObject("resource").getString("id"));
        assertEquals(4, list(EVENTS + "?actor=api_key:" + ownerKeyId()).size());
        assertEquals(0, list(EVENTS + "?actor=user:" + UUID.randomUUID()).size());
        assertEquals(0, list(EVENTS + "?actor=system").size());
        assertEquals(4, list(EVENTS + "?since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z").size());
        assertEquals(0, list(EVENTS + "?since=2999-01-01T00:00:00Z").size());
        assertEquals(0, list(EVENTS + "?until=2000-01-01T00:00:00%2B01:00").size());

        // A year PostgreSQL cannot hold parses, and was a 500 (broken once).
        for (String bad : new String[] {"?actor=admin", "?actor=user:nope", "?since=yesterday", "?until=2026-01-01",
                "?since=%2B300000-01-01T00:00:00Z", "/export?until=%2B300000-01-01T00:00:00Z",
                "?cursor=not-ours", "?limit=0", "?limit=201", "/export?format=xml"}) {
            Api.Answer refused = api.get(EVENTS + bad, ownerKey);
            assertEquals(400, refused.status(), bad + " " + refused.body());
            assertEquals("https://humane.ai/problems/validation", refused.problemType(), bad);
        }
    }

    @Test
    void theExportStreamsEveryEventAsJsonLinesAndAsCsv() {
        owner.apiKeyId("[\"read\"]");
        Api.Answer awkward = api.post("api/v1/api-keys", ownerKey, "{\"name\":\"=HYPERLINK(\\\"x\\\"), \\\"quoted\\\"\\nline\"}");
        assertEquals(201, awkward.status(), awkward.body());
        List<JsonObject> listed = list(EVENTS);

        Api.Answer jsonl = api.get(EVENTS + "/export?format=jsonl", ownerKey);
        assertEquals(200, jsonl.status(), jsonl.body());
        assertTrue(jsonl.header("Content-Type").startsWith("application/x-ndjson"), jsonl.header("Content-Type"));
        assertTrue(jsonl.header("Content-Disposition").contains("audit-events.jsonl"));
        List<JsonObject> lines = jsonl.body().lines().map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
        assertEquals(List.of(1, 2), seqs(lines), "oldest first");
        assertEquals(listed.get(0), lines.get(1), "a line is the event exactly as listed");
        assertEquals(api.get(EVENTS + "/export", ownerKey).body(), jsonl.body(), "jsonl is the default");

        Api.Answer csv = api.get(EVENTS + "/export?format=csv", ownerKey);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        List<List<String>> records = parseCsv(csv.body());
        assertEquals(List.of("seq", "created_at", "actor_type", "actor_id", "action", "resource_type", "resource_id",
                "before", "after", "client_ip", "prev_hash", "hash"), records.get(0));
        assertEquals(3, records.size());
        List<String> second = records.get(2);
        assertEquals("2", second.get(0));
        assertEquals("api_key", second.get(2));
        assertEquals("api_key.created", second.get(4));
        assertEquals(lines.get(1).getJsonObject("after"), Json.createReader(new StringReader(second.get(8))).readObject(),
                "the CSV field survives its commas, quotes and line break");
        assertEquals(lines.get(1).getString("hash"), second.get(11));
    }

    @Test
    void theChainVerifiesAndOneEventChangedInTheDatabaseIsFound() throws SQLException {
        UUID first = owner.apiKeyId("[\"read\"]");
        owner.apiKeyId("[\"read\",\"write\"]");
        api.delete("api/v1/api-keys/" + first, ownerKey);
        JsonObject verified = api.get(EVENTS + "/verify", ownerKey).json();
        assertEquals(Json.createObjectBuilder().add("valid", true).add("events_checked", 3).addNull("first_bad_seq").build(),
                verified);

        asSuperuser("UPDATE admin_audit_events SET action = 'api_key.deleted' WHERE tenant_id = ? AND seq = 2");
        Api.Answer broken = api.get(EVENTS + "/verify", ownerKey);
        assertEquals(200, broken.status(), broken.body());
        assertFalse(broken.json().getBoolean("valid"));
        assertEquals(2, broken.json().getInt("first_bad_seq"));
    }

    /**
     * A verification walks the whole log: one at a time per tenant, on any instance (its turn is an advisory lock,
     * held here as a running verification holds it); meanwhile 429 with Retry-After, another tenant unaffected
     * (broken once: 200).
     */
    @Test
    void oneVerificationOfALogRunsAtATime() throws SQLException {
        Provisioned other = Tenants.create("OtherVerifier");
        try (Connection running = TestPlatform.superuser();
             PreparedStatement turn = running.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
            turn.setInt(1, AuditChain.VERIFYING);
            turn.setString(2, tenant.tenantId().toString());
            turn.execute();
            Api.Answer refused = api.get(EVENTS + "/verify", ownerKey);
            assertEquals(429, refused.status(), refused.body());
            assertEquals("https://humane.ai/problems/rate-limited", refused.problemType());
            assertEquals("5", refused.header("Retry-After"));
            assertEquals(200, api.get(EVENTS + "/verify", other.apiKey()).status(), "another tenant's log is not held up");
            // Let go here, as a verification lets go when it ends. Closing the connection is no release that can be
            // waited for: its server process lets go of the lock when it exits, after the close has returned, and a CI
            // run's next request came first (429).
            try (PreparedStatement end = running.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                end.setInt(1, AuditChain.VERIFYING);
                end.setString(2, tenant.tenantId().toString());
                try (ResultSet released = end.executeQuery()) {
                    assertTrue(released.next() && released.getBoolean(1), "the turn this test held");
                }
            }
        }
        assertEquals(200, api.get(EVENTS + "/verify", ownerKey).status(), "the turn ends with the verification");
    }

    /**
     * An export walks the whole log: two of a tenant's at once on an instance, a third 429 with Retry-After while
     * they run (held here on the log's table), another tenant's not held back by them; a HEAD takes no place, and
     * the places come back when the streams end (broken once: the third was 200).
     */
    @Test
    void twoExportsOfALogStreamAtOnceAndAThirdWaits() throws Exception {
        Provisioned other = Tenants.create("OtherExporter");
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<Api.Answer>> held = new ArrayList<>();
            try (Connection log = TestPlatform.superuser()) {
                log.setAutoCommit(false);
                Rows.execute(log, "LOCK TABLE admin_audit_events IN ACCESS EXCLUSIVE MODE");
                for (String key : List.of(ownerKey, ownerKey, other.apiKey())) {
                    held.add(clients.submit(() -> api.get(EVENTS + "/export", key)));
                }
                Instant deadline = Instant.now().plusSeconds(30);
                while (Rows.waitingOn(log) < 3) {
                    assertTrue(Instant.now().isBefore(deadline), "the three exports did not all reach the log");
                    Thread.sleep(20);
                }
                for (int i = 0; i < 3; i++) {
                    Api.Answer head = api.send(api.request(EVENTS + "/export?format=csv", ownerKey)
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()));
                    assertEquals(200, head.status(), "a HEAD takes no place: " + head);
                }
                Api.Answer refused = api.get(EVENTS + "/export?format=csv", ownerKey);
                assertEquals(429, refused.status(), refused.body());
                assertEquals("https://humane.ai/problems/rate-limited", refused.problemType());
                assertEquals("5", refused.header("Retry-After"));
                log.commit();
            }
            for (Future<Api.Answer> export : held) {
                Api.Answer done = export.get(60, TimeUnit.SECONDS);
                assertEquals(200, done.status(), done.body());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(200, api.get(EVENTS + "/export", ownerKey).status(), "the places came back with the streams");
        assertEquals(200, api.get(EVENTS + "/export", ownerKey).status());
    }

    @Test
    void anotherTenantsEventsAreInvisible() {
        Provisioned other = Tenants.create("Other");
        UUID othersKey = new Fixtures(api, other.apiKey()).apiKeyId("[\"read\"]");
        UUID mine = owner.apiKeyId("[\"read\"]");

        String listed = api.get(EVENTS, ownerKey).body();
        assertTrue(listed.contains(mine.toString()));
        assertFalse(listed.contains(othersKey.toString()), listed);
        assertFalse(export("jsonl").contains(othersKey.toString()));
        assertEquals(0, list(EVENTS + "?actor=api_key:" + keyId(other.apiKey())).size());
        assertEquals(1, api.get(EVENTS + "/verify", ownerKey).json().getInt("events_checked"));
        assertEquals(1, api.get(EVENTS + "/verify", other.apiKey()).json().getInt("events_checked"));
    }

    @Test
    void anOwnersReadKeyReadsTheLogButLesserRolesAreForbidden() throws SQLException {
        String readKey = owner.apiKey("[\"read\"]");
        assertEquals(200, api.get(EVENTS, readKey).status());
        assertEquals(200, api.get(EVENTS + "/verify", readKey).status());
        assertEquals(200, api.get(EVENTS + "/export?format=csv", readKey).status());

        for (String role : new String[] {"member", "viewer"}) {
            String key = Tenants.keyWithRole(tenant.tenantId(), role);
            for (String path : new String[] {EVENTS, EVENTS + "/verify", EVENTS + "/export"}) {
                Api.Answer refused = api.get(path, key);
                assertEquals(403, refused.status(), role + " " + path + " " + refused.body());
                assertEquals("https://humane.ai/problems/forbidden", refused.problemType());
            }
        }
    }

    @Test
    void withoutACredentialTheLogIsUnauthenticated() {
        for (String path : new String[] {EVENTS, EVENTS + "/verify", EVENTS + "/export?format=csv"}) {
            Api.Answer answer = api.get(path, null);
            assertEquals(401, answer.status(), path);
            assertEquals("application/problem+json", answer.header("Content-Type"));
            assertEquals("https://humane.ai/problems/unauthenticated", answer.problemType());
            assertNotNull(answer.header("WWW-Authenticate"));
        }
    }

    private List<JsonObject> list(String path) {
        Api.Answer answer = api.get(path, ownerKey);
        assertEquals(200, answer.status(), path + " " + answer.body());
        return answer.json().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    private String export(String format) {
        Api.Answer answer = api.get(EVENTS + "/export?format=" + format, ownerKey);
        assertEquals(200, answer.status(), answer.body());
        return answer.body();
    }

    private static List<Integer> seqs(List<JsonObject> events) {
        return events.stream().map(e -> e.getInt("seq")).toList();
    }

    private UUID ownerKeyId() {
        return keyId(ownerKey);
    }

    private static UUID keyId(String key) {
        return UUID.fromString(Rows.single("SELECT id::text FROM api_keys WHERE prefix = ?", key.substring(0, 16)));
    }

    private void asSuperuser(String sql) throws SQLException {
        try (Connection c = TestPlatform.superuser(); PreparedStatement update = c.prepareStatement(sql)) {
            update.setObject(1, tenant.tenantId());
            assertEquals(1, update.executeUpdate());
        }
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted && ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (!quoted && ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(ch);
            }
        }
        return records;
    }
}
