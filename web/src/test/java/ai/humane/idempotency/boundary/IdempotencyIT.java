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
import jakarta.json.JsonValue;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A2 over HTTP: replay, reuse with another body, a key still running, tenants apart, expiry. */
class IdempotencyIT extends HttpTest {

    private static final String ENGINES = "api/v1/engines";

    private Api api;
    private UUID tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("Idem");
        tenant = created.tenantId();
        key = created.apiKey();
    }

    @Test
    void aRetryGetsTheFirstAnswerAgainAndRunsNothingTwice() {
        String idem = UUID.randomUUID().toString();
        Api.Answer first = post(key, idem, engine("replayed"));
        assertEquals(201, first.status(), first.toString());
        assertNull(first.header("Idempotent-Replayed"));
        Api.Answer again = post(key, idem, engine("replayed"));
        assertEquals(201, again.status(), again.toString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.body(), again.body());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals("application/json", again.header("Content-Type"));
        assertEquals("1", engines());
    }

    /**
     * A claim keeps what its request was (the digest of method, path and body) only as an HMAC under a key derived
     * for it, never bare: a body may hold a password (a password change sent with a key), and a bare SHA-256 in a
     * database dump could be guessed at GPU speed, past bcrypt (a review, 2026-12-07; broken once: the bare digest was
     * kept). A claim kept bare before then is still matched for the day it lives: its retry is replayed.
     */
    @Test
    void aClaimKeepsItsRequestsDigestOnlyKeyedAndOneKeptBareStillReplays() {
        String idem = UUID.randomUUID().toString();
        String body = engine("keyed");
        assertEquals(201, post(key, idem, body).status());
        byte[] bare = ai.humane.idempotency.control.IdempotencyRecords.fingerprint("POST", "/" + ENGINES, null,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String kept = Rows.single("SELECT encode(fingerprint, 'hex') FROM idempotency_keys WHERE key = ?", idem);
        assertEquals(64, kept.length(), kept);
        assertNotEquals(java.util.HexFormat.of().formatHex(bare), kept, "not the bare digest");

        Rows.execute("UPDATE idempotency_keys SET fingerprint = ? WHERE key = ?", bare, idem);
        Api.Answer again = post(key, idem, body);
        assertEquals("true", again.header("Idempotent-Replayed"), again.toString());
        assertEquals("1", engines());
    }

    /**
     * A request whose work committed while its answer was lost (its instance died between the two, here written as
     * such: the claim running, 6 minutes old, no answer) runs nothing again when retried: the claim was marked
     * carried out in the work's own transaction, and the retry is told so (broken once, without the mark: the
     * claim was left unmarked, to be taken over by the retry).
     */
    @Test
    void aRequestCarriedOutWhoseAnswerWasLostIsNotRunAgain() {
        String idem = UUID.randomUUID().toString();
        assertEquals(201, post(key, idem, engine("once")).status());
        assertEquals("true", Rows.single("SELECT carried_out::text FROM idempotency_keys WHERE tenant_id = ? AND key = ?",
                tenant, idem));
        Rows.execute("UPDATE idempotency_keys SET state = 'running', status = NULL, content_type = NULL, location = NULL,"
                + " body = NULL, claimed_at = now() - interval '6 minutes' WHERE tenant_id = ? AND key = ?", tenant, idem);
        Api.Answer retried = post(key, idem, engine("once"));
        assertProblem(retried, 409, "idempotency-key-in-use");
        assertTrue(retried.json().getString("detail").contains("carried out"), retried.body());
        assertEquals("1", engines());
    }

    /**
     * A replay passes the route's gates first: a key demoted to viewer since its first request gets 403 as the
     * request itself would, not the stored answer (broken once: 201 replayed, the replay being answered before
     * matching); given its role back, it is replayed, and nothing ran twice.
     */
    @Test
    void aReplayIsRefusedWhereTheRequestWouldBe() {
        String idem = UUID.randomUUID().toString();
        assertEquals(201, post(key, idem, engine("gated")).status());
        Rows.execute("UPDATE api_keys SET role = 'viewer' WHERE tenant_id = ?", tenant);
        Api.Answer refused = post(key, idem, engine("gated"));
        assertProblem(refused, 403, "forbidden");
        assertNull(refused.header("Idempotent-Replayed"));
        Rows.execute("UPDATE api_keys SET role = 'owner' WHERE tenant_id = ?", tenant);
        Api.Answer replayed = post(key, idem, engine("gated"));
        assertEquals(201, replayed.status(), replayed.toString());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals("1", engines());
    }

    /**
     * A message's text is kept in conversation_messages and nowhere else: the answer stored for a replay leaves it
     * out, and a replay answers the same message with content null, creating nothing (broken once: the stored
     * answer held the text for 24 hours).
     */
    @Test
    void aMessagesTextIsNotKeptInTheStoreAndAReplayAnswersWithoutIt() {
        UUID engine = new Fixtures(api, key).engine("Lexicon");
        UUID endUser = new Fixtures(api, key).endUser("idem-" + UUID.randomUUID());
        String marker = "kept-once-" + UUID.randomUUID();
        String body = "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + marker + "\"}";
        String idem = UUID.randomUUID().toString();
        Api.Answer first = api.postOnce("api/v1/end-users/" + endUser + "/messages", key, idem, body);
        assertEquals(201, first.status(), first.body());
        assertEquals(marker, first.json().getString("content"));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?"
                + " AND position(convert_to(?, 'UTF8') IN coalesce(body, ''::bytea)) > 0", tenant, marker));
        Api.Answer again = api.postOnce("api/v1/end-users/" + endUser + "/messages", key, idem, body);
        assertEquals(201, again.status(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.json().getString("id"), again.json().getString("id"));
        assertEquals(JsonValue.NULL, again.json().get("content"), again.body());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM conversation_messages WHERE tenant_id = ?", tenant));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String idem = UUID.randomUUID().toString();
        assertEquals(201, post(key, idem, engine("one")).status());
        assertProblem(post(key, idem, engine("two")), 422, "idempotency-key-reuse");
        assertEquals("1", engines());
    }

    /** The query is part of the request a key stands for: the same key and body at another query is refused too. */
    @Test
    void theSameKeyWithAnotherQueryIsRefused() {
        String idem = UUID.randomUUID().toString();
        assertEquals(201, api.postOnce(ENGINES + "?source=a", key, idem, engine("queried")).status());
        Api.Answer replay = api.postOnce(ENGINES + "?source=a", key, idem, engine("queried"));
        assertEquals("true", replay.header("Idempotent-Replayed"), replay.toString());
        assertProblem(api.postOnce(ENGINES + "?source=b", key, idem, engine("queried")), 422, "idempotency-key-reuse");
        assertProblem(post(key, idem, engine("queried")), 422, "idempotency-key-reuse");
        assertEquals("1", engines());
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningIsInUse() {
        String idem = UUID.randomUUID().toString();
        assertEquals(201, post(key, idem, engine("slow")).status());
        // What another instance sees while the first request runs: the claim, committed, without an answer.
        Rows.execute("UPDATE idempotency_keys SET state = 'running', status = NULL, body = NULL, claimed_at = now()"
                + " WHERE tenant_id = ? AND key = ?", tenant, idem);
        assertProblem(post(key, idem, engine("slow")), 409, "idempotency-key-in-use");
        assertEquals("1", engines());
    }

    @Test
    void twoTenantsMayUseTheSameKey() {
        var other = Tenants.create("IdemOther");
        String idem = UUID.randomUUID().toString();
        Api.Answer mine = post(key, idem, engine("shared"));
        Api.Answer theirs = post(other.apiKey(), idem, engine("shared"));
        assertEquals(201, mine.status());
        assertEquals(201, theirs.status(), theirs.toString());
        assertNull(theirs.header("Idempotent-Replayed"));
        assertNotEquals(mine.json().getString("id"), theirs.json().getString("id"));
    }

    @Test
    void expiredKeysAreForgottenAndPurged() {
        String idem = UUID.randomUUID().toString();
        Api.Answer first = post(key, idem, engine("old"));
        Rows.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = ? AND key = ?",
                tenant, idem);
        Api.Answer later = post(key, idem, engine("old2"));
        assertEquals(201, later.status(), later.toString());
        assertNull(later.header("Idempotent-Replayed"));
        assertNotEquals(first.json().getString("id"), later.json().getString("id"));
        Rows.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = ? AND key = ?",
                tenant, idem);
        Rows.single("SELECT purge_expired_idempotency_keys()::text");
        assertEquals("0", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?", tenant));
    }

    @Test
    void refusedRequestsAreNotStored() {
        String idem = UUID.randomUUID().toString();
        assertEquals(400, post(key, idem, "{\"kind\":\"quantum\"}").status());
        assertEquals(201, post(key, idem, engine("fixed")).status());
        assertProblem(post(key, "x".repeat(256), engine("long")), 400, "validation");
    }

    private Api.Answer post(String apiKey, String idem, String json) {
        return api.postOnce(ENGINES, apiKey, idem, json);
    }

    private static String engine(String name) {
        return "{\"name\":\"" + name + "\",\"kind\":\"lexicon\"}";
    }

    private String engines() {
        return Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant);
    }

    private static void assertProblem(Api.Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("https://humane.ai/problems/" + slug, answer.problemType());
    }
}
