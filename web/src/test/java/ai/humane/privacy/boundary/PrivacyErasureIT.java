package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import ai.humane.webhooks.boundary.WebhookReceiver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * L3 erasure: afterwards nothing of the end user is anywhere in the database (every table, every column, sealed
 * values opened), while another end user of the same tenant keeps everything; asking again answers the same job.
 */
class PrivacyErasureIT extends HttpTest {

    static final String ERASURES = "api/v1/privacy/erasures";

    private final Api api = new Api(deployment);
    private final TenantProvisioning.Provisioned tenant = Tenants.create("Eraser");
    private final Fixtures fixtures = new Fixtures(api, tenant.apiKey());
    private final WebhookReceiver receiver = WebhookReceiver.shared();

    /** What one seeded end user left behind: the strings that must all be gone after an erasure. */
    private record Person(UUID id, List<String> traces) {
    }

    @Test
    void nothingOfTheEndUserIsFoundInAnyTableAfterwards() {
        assertTrue(EveryColumn.columnCount() > 100, "the catalogue query finds the schema");
        Stage stage = stage();
        Person erased = seed("erased", stage.engine(), stage.experiment());
        Person kept = seed("kept", stage.engine(), stage.experiment());
        receiver.await(stage.hooks(), 8);
        Eventually.until("attempts are recorded", () -> !"0".equals(Rows.single(
                "SELECT count(*) FROM webhook_attempts WHERE tenant_id = ?", tenant.tenantId())));
        // A receiver that echoes what it got: its answer to an event about the end user names them.
        Rows.execute("UPDATE webhook_attempts SET response_excerpt = ? WHERE id = (SELECT a.id FROM webhook_attempts a"
                + " JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhook_events e ON e.id = d.event_id"
                + " WHERE a.tenant_id = ? AND strpos(e.payload::text, ?) > 0 LIMIT 1)",
                "echo " + erased.traces().get(1), tenant.tenantId(), erased.id().toString());
        Rows.execute("INSERT INTO inbound_events (id, tenant_id, engine_id, event_id, payload) VALUES (?, ?, ?, ?, ?::jsonb)",
                UUID.randomUUID(), tenant.tenantId(), stage.engine(), "evt-" + UUID.randomUUID(),
                "{\"customer\":\"" + erased.traces().get(1) + "\"}");
        // A stored answer that names only other objects, while its request read the end user (a replay records the
        // read again): the reads name them, so it goes too (broken once: only the answer and Location were searched).
        Rows.execute("INSERT INTO idempotency_keys (tenant_id, credential, key, fingerprint, state, status, content_type, body,"
                + " expires_at, reads) VALUES (?, 'key:test', ?, '\\x00', 'done', 200, 'application/json', '{}',"
                + " now() + interval '1 hour', ?::jsonb)", tenant.tenantId(), UUID.randomUUID().toString(),
                "[{\"kind\":\"profile\",\"resource_type\":\"end_user\",\"resource_id\":\"" + erased.id() + "\",\"count\":1}]");
        UUID export = exportOf(erased.id());
        assertFalse(EveryColumn.find(erased.traces()).isEmpty(), "the search finds the end user before");

        Api.Answer asked = api.post(ERASURES, tenant.apiKey(), "{\"end_user_id\":\"" + erased.id() + "\"}");
        assertEquals(202, asked.status(), asked.body());
        UUID job = UUID.fromString(asked.json().getString("id"));
        Eventually.until("the erasure succeeds", () -> "succeeded".equals(state(job)));

        assertEquals(List.of(), EveryColumn.find(erased.traces()), "nothing of the erased end user is left");
        assertEquals(kept.traces().size(), EveryColumn.find(kept.traces()).stream()
                .map(hit -> hit.substring(hit.indexOf(": ") + 2)).distinct().count(), "the other end user keeps everything");
        assertEquals(404, api.get("api/v1/privacy/exports/" + export, tenant.apiKey()).status(), "exports of them are gone");

        var records = api.get(ERASURES + "/" + job, tenant.apiKey()).json().getJsonObject("records");
        assertEquals(2, records.getInt("messages"));
        assertEquals(1, records.getInt("end_users"));
        assertTrue(records.getInt("webhook_events_redacted") >= 3, records.toString());
        String audited = Rows.single("SELECT after::text FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.erased'"
                + " AND resource_id = ?", tenant.tenantId(), job.toString());
        assertNotNull(audited, "data.erased is audited");
        assertTrue(audited.contains("\"messages\": 2"), audited);
    }

    /**
     * Deleting an end user through the API erases them as an erasure does: nothing of them is left in any table (the
     * stored idempotent answer of their creation, the webhook events naming them, their messages). Before, only the
     * row and what cascades from it went (broken once: the events and the stored answer stayed).
     */
    @Test
    void deletingAnEndUserLeavesNothingOfThemInAnyTable() {
        Stage stage = stage();
        Person deleted = seed("deleted", stage.engine(), stage.experiment());
        receiver.await(stage.hooks(), 4);
        assertFalse(EveryColumn.find(deleted.traces()).isEmpty(), "the search finds the end user before");

        assertEquals(204, api.delete("api/v1/end-users/" + deleted.id(), tenant.apiKey()).status());

        assertEquals(List.of(), EveryColumn.find(deleted.traces()), "nothing of the deleted end user is left");
        assertEquals(404, api.get("api/v1/end-users/" + deleted.id(), tenant.apiKey()).status());
    }

    /**
     * {@code DELETE /end-users/{id}} erases as a job does, and so it takes the tenant's turn as a job does (L3): held by
     * a running export or erasure (here by the test, as a job holds it), it waits a few seconds and answers 409 with
     * Retry-After, the end user whole; an export beside it could have read the end user and committed an archive
     * after the erasure's withdrawal. Once the turn is free it erases, audited {@code end_user.deleted} by the caller
     * with the counts an erasure job records, never the end user's id (broken once each: 204 while the turn was held;
     * no event at all).
     */
    @Test
    void deletingAnEndUserTakesTheTenantsPrivacyTurnAndIsAudited() throws SQLException {
        UUID endUser = fixtures.endUser("turn-" + UUID.randomUUID());
        String path = "api/v1/end-users/" + endUser;
        try (Connection job = TestPlatform.superuser();
             PreparedStatement turn = job.prepareStatement(
                     "SELECT pg_advisory_lock(hashtextextended('humane.privacy-jobs:' || ?, 0))")) {
            turn.setString(1, tenant.tenantId().toString());
            turn.execute();
            Api.Answer refused = api.delete(path, tenant.apiKey());
            assertEquals(409, refused.status(), refused.body());
            assertEquals("30", refused.header("Retry-After"));
            assertEquals(200, api.get(path, tenant.apiKey()).status(), "nothing erased");
            try (PreparedStatement end = job.prepareStatement(
                    "SELECT pg_advisory_unlock(hashtextextended('humane.privacy-jobs:' || ?, 0))")) {
                end.setString(1, tenant.tenantId().toString());
                end.execute();
            }
        }
        assertEquals(204, api.delete(path, tenant.apiKey()).status());
        assertEquals(404, api.get(path, tenant.apiKey()).status());
        assertEquals("api_key end_user - true false", Rows.single("SELECT actor_type || ' ' || resource_type || ' '"
                + " || coalesce(resource_id, '-') || ' ' || (after -> 'records' IS NOT NULL)::text || ' ' || (strpos(e::text, ?) > 0)::text"
                + " FROM admin_audit_events e WHERE tenant_id = ? AND action = 'end_user.deleted'",
                endUser.toString(), tenant.tenantId()));
    }

    /**
     * An external id that occurs in everything ("user" is every message's role) erases its own end user only: the
     * other end user's events, their stored idempotent answer and their receiver's answers stay whole. Until V33 any
     * JSON value equal to the external id redacted an event, and any answer or excerpt holding it went (broken once:
     * the kept end user's message.created events read {"erased": true} and their stored answer was deleted).
     */
    @Test
    void anExternalIdThatOccursEverywhereErasesOnlyItsOwnEndUser() {
        Stage stage = stage();
        Person kept = seed("kept", stage.engine(), stage.experiment());
        String keptKey = UUID.randomUUID().toString();
        String keptBody = "{\"engine_id\":\"" + stage.engine() + "\",\"role\":\"user\",\"content\":\"4 user\"}";
        Api.Answer keptMessage = api.postOnce("api/v1/end-users/" + kept.id() + "/messages", tenant.apiKey(), keptKey, keptBody);
        assertEquals(201, keptMessage.status(), keptMessage.body());
        UUID common = fixtures.endUser("user");
        fixtures.message(common, stage.engine(), "I am the user");
        Eventually.until("every event is delivered", () -> Rows.single("SELECT count(*) FROM webhook_deliveries"
                + " WHERE tenant_id = ? AND status <> 'succeeded'", tenant.tenantId()).equals("0")
                && !"0".equals(Rows.single("SELECT count(*) FROM webhook_deliveries WHERE tenant_id = ?", tenant.tenantId())));
        Rows.execute("UPDATE webhook_attempts SET response_excerpt = 'ok user 4' WHERE tenant_id = ?", tenant.tenantId());
        String namingCommon = "SELECT count(*) FROM webhook_events WHERE tenant_id = ? AND strpos(payload::text, ?) > 0";
        String eventsOfCommon = Rows.single(namingCommon, tenant.tenantId(), common.toString());
        String othersEvents = Rows.single("SELECT count(*) FROM webhook_events WHERE tenant_id = ? AND strpos(payload::text, ?) = 0",
                tenant.tenantId(), common.toString());
        String othersExcerpts = "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"
                + " JOIN webhook_events e ON e.id = d.event_id WHERE a.tenant_id = ? AND a.response_excerpt = 'ok user 4'";
        String excerptsBefore = Rows.single(othersExcerpts + " AND strpos(e.payload::text, ?) = 0", tenant.tenantId(), common.toString());
        String storedAnswers = "SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?";
        int answersBefore = Integer.parseInt(Rows.single(storedAnswers, tenant.tenantId()));
        assertTrue(Integer.parseInt(eventsOfCommon) >= 2 && Integer.parseInt(othersEvents) >= 4 && answersBefore >= 2,
                eventsOfCommon + " " + othersEvents + " " + answersBefore);

        assertEquals(204, api.delete("api/v1/end-users/" + common, tenant.apiKey()).status());

        assertEquals(eventsOfCommon, Rows.single("SELECT count(*) FROM webhook_events WHERE tenant_id = ?"
                + " AND payload -> 'data' = '{\"erased\": true}'", tenant.tenantId()), "only the erased end user's events");
        assertEquals("0", Rows.single(namingCommon, tenant.tenantId(), common.toString()));
        assertEquals(kept.traces().size(), EveryColumn.find(kept.traces()).stream()
                .map(hit -> hit.substring(hit.indexOf(": ") + 2)).distinct().count(), "the other end user keeps everything");
        assertEquals(String.valueOf(answersBefore), Rows.single(storedAnswers, tenant.tenantId()),
                "no stored answer named the erased end user");
        assertEquals(excerptsBefore, Rows.single(othersExcerpts, tenant.tenantId()), "the others' excerpts stay");
        Api.Answer replayed = api.postOnce("api/v1/end-users/" + kept.id() + "/messages", tenant.apiKey(), keptKey, keptBody);
        assertEquals(keptMessage.json().getString("id"), replayed.json().getString("id"), "the kept request replays, not runs again");
    }

    @Test
    void askingAgainAnswersTheSameJobAndErasesNothingMore() {
        UUID engine = fixtures.engine("Lexicon");
        UUID endUser = fixtures.endUser("again-" + UUID.randomUUID());
        fixtures.message(endUser, engine, "hello there");
        String body = "{\"end_user_id\":\"" + endUser + "\"}";
        Api.Answer first = api.post(ERASURES, tenant.apiKey(), body);
        assertEquals(202, first.status(), first.body());
        String id = first.json().getString("id");
        Eventually.until("the erasure succeeds", () -> "succeeded".equals(state(UUID.fromString(id))));

        Api.Answer again = api.post(ERASURES, tenant.apiKey(), body);
        assertEquals(200, again.status(), again.body());
        assertEquals(id, again.json().getString("id"), "the same job");
        assertEquals("succeeded", again.json().getString("status"));
        assertEquals("1", Rows.single("SELECT count(*) FROM privacy_jobs WHERE tenant_id = ? AND kind = 'erasure'",
                tenant.tenantId()));
        assertEquals("1", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.erased'",
                tenant.tenantId()), "audited once");
    }

    /**
     * An erasure whose tries all failed is given up with the end user all there (each try rolls back); asked again,
     * it starts afresh (202, the same job) and erases. Before, the given-up job was answered with 200 for good and the
     * end user stayed. The tries fail for real: the runtime role loses the redaction function meanwhile; the third
     * failure's state (given up) is written as `PrivacyJobs.fail` writes it, to skip the minutes of back-off between.
     */
    @Test
    void aGivenUpErasureAskedAgainStartsAfreshAndErases() {
        UUID engine = fixtures.engine("Lexicon");
        UUID endUser = fixtures.endUser("retried-" + UUID.randomUUID());
        fixtures.message(endUser, engine, "hello again");
        String body = "{\"end_user_id\":\"" + endUser + "\"}";
        String role = TestPlatform.database().appUser();
        UUID job;
        Rows.execute("REVOKE EXECUTE ON FUNCTION privacy_redact_mentions(text, text) FROM " + role);
        try {
            Api.Answer first = api.post(ERASURES, tenant.apiKey(), body);
            assertEquals(202, first.status(), first.body());
            job = UUID.fromString(first.json().getString("id"));
            Eventually.until("a try fails", () -> Rows.single("SELECT error FROM privacy_jobs WHERE id = ?", job) != null);
            Rows.execute("UPDATE privacy_jobs SET status = 'failed', attempts = 3, end_user_id = NULL, finished_at = now()"
                    + " WHERE id = ? AND status = 'pending'", job);
        } finally {
            Rows.execute("GRANT EXECUTE ON FUNCTION privacy_redact_mentions(text, text) TO " + role);
        }
        assertEquals("failed", state(job));
        assertNotNull(Rows.row("end_users", endUser), "a failed erasure leaves the end user whole");

        Api.Answer again = api.post(ERASURES, tenant.apiKey(), body);
        assertEquals(202, again.status(), again.body());
        assertEquals(job.toString(), again.json().getString("id"), "the same job, started afresh");
        Eventually.until("the erasure succeeds", () -> "succeeded".equals(state(job)));
        assertEquals(null, Rows.row("end_users", endUser), "the end user is erased");
        assertEquals("1", Rows.single("SELECT count(*) FROM privacy_jobs WHERE tenant_id = ? AND kind = 'erasure'",
                tenant.tenantId()));
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() {
        UUID endUser = fixtures.endUser("bad-" + UUID.randomUUID());
        String key = tenant.apiKey();
        assertEquals(400, api.post(ERASURES, key, "{\"end_user_id\":").status(), "malformed");
        assertEquals(400, api.post(ERASURES, key, "{}").status(), "no end user");
        assertEquals(400, api.post(ERASURES, key, "{\"end_user_id\":\"nope\"}").status());
        assertEquals(400, api.post(ERASURES, key, "{\"end_user_id\":\"" + endUser + "\",\"all\":true}").status());
        assertEquals(413, api.post(ERASURES, key, "{\"end_user_id\":\"" + endUser + "\",\"x\":\"" + "a".repeat(1_100_000) + "\"}").status());
        assertEquals(404, api.post(ERASURES, key, "{\"end_user_id\":\"" + UUID.randomUUID() + "\"}").status(), "unknown");
        assertEquals(401, api.post(ERASURES, null, "{\"end_user_id\":\"" + endUser + "\"}").status());
        Browser member = PrivacyExportsIT.member(tenant.tenantId());
        assertEquals(403, member.write("POST", ERASURES, "{\"end_user_id\":\"" + endUser + "\"}").status(), "members may not erase");

        TenantProvisioning.Provisioned stranger = Tenants.create("Stranger");
        assertEquals(404, api.post(ERASURES, stranger.apiKey(), "{\"end_user_id\":\"" + endUser + "\"}").status(),
                "another tenant's end user");
        assertEquals("0", Rows.single("SELECT count(*) FROM privacy_jobs WHERE tenant_id IN (?, ?)", tenant.tenantId(),
                stranger.tenantId()), "nothing stored");
        assertNotNull(Rows.row("end_users", endUser), "the end user is untouched");

        Api.Answer asked = api.post(ERASURES, key, "{\"end_user_id\":\"" + endUser + "\"}");
        assertEquals(202, asked.status());
        String job = asked.json().getString("id");
        assertEquals(404, api.get(ERASURES + "/" + job, stranger.apiKey()).status(), "another tenant's erasure");
        assertEquals(403, member.get(ERASURES + "/" + job).status());
        assertEquals(401, api.get(ERASURES + "/" + job, null).status(), "no credential");
        assertEquals(404, api.get("api/v1/privacy/exports/" + job, key).status(), "an erasure is no export");
    }

    /** Where the end users' traces go: a webhook endpoint for every event (its receiver path), an engine, a running experiment. */
    private record Stage(String hooks, UUID engine, UUID experiment) {
    }

    private Stage stage() {
        String path = receiver.path(200);
        assertEquals(201, api.post("api/v1/webhooks/endpoints", tenant.apiKey(),
                "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"*\"]}").status());
        UUID engine = fixtures.engine("Lexicon");
        UUID experiment = fixtures.experiment("Tone", engine, fixtures.engine("Other"));
        assertEquals(200, api.patch("api/v1/experiments/" + experiment, tenant.apiKey(), "{\"status\":\"running\"}").status());
        return new Stage(path, engine, experiment);
    }

    private Person seed(String label, UUID engine, UUID experiment) {
        String marker = label + "-" + UUID.randomUUID();
        String externalId = "customer-" + marker;
        Api.Answer created = api.postOnce("api/v1/end-users", tenant.apiKey(), UUID.randomUUID().toString(),
                "{\"external_id\":\"" + externalId + "\",\"traits\":{\"nickname\":\"trait-" + marker + "\"}}");
        assertEquals(201, created.status(), created.body());
        UUID id = UUID.fromString(created.json().getString("id"));
        List<String> traces = new ArrayList<>(List.of(id.toString(), externalId, "trait-" + marker, "said-" + marker));
        traces.add(fixtures.message(id, engine, "I am so happy said-" + marker + " call me on 07700 900123").toString());
        Api.Answer routed = api.post("api/v1/end-users/" + id + "/messages", tenant.apiKey(),
                "{\"experiment_id\":\"" + experiment + "\",\"role\":\"user\",\"content\":\"awful said-" + marker + "\"}");
        assertEquals(201, routed.status(), routed.body());
        traces.add(routed.json().getString("id"));
        return new Person(id, traces);
    }

    private UUID exportOf(UUID endUser) {
        Api.Answer created = api.post(PrivacyExportsIT.EXPORTS, tenant.apiKey(),
                "{\"scope\":\"end_user\",\"end_user_id\":\"" + endUser + "\"}");
        assertEquals(202, created.status(), created.body());
        UUID job = UUID.fromString(created.json().getString("id"));
        Eventually.until("the export succeeds", () -> "succeeded".equals(
                api.get(PrivacyExportsIT.EXPORTS + "/" + job, tenant.apiKey()).json().getString("status")));
        return job;
    }

    private String state(UUID job) {
        return api.get(ERASURES + "/" + job, tenant.apiKey()).json().getString("status");
    }
}
