package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strict JSON over HTTP on sign-in, engines, end users, messages, webhook endpoints and experiments: each
 * case is 400 {@code malformed-json} naming the value by its JSON Pointer, and nothing is stored.
 */
class StrictJsonIT extends HttpTest {

    private static final String LOGIN = "api/v1/auth/login";
    private static final String ENGINES = "api/v1/engines";
    private static final String END_USERS = "api/v1/end-users";
    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";

    private Api api;
    private String key;
    private UUID tenant;
    private UUID endUser;
    private UUID engine;
    private String messages;
    private String url;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("Strict");
        key = created.apiKey();
        tenant = created.tenantId();
        Fixtures fixtures = new Fixtures(api, key);
        engine = fixtures.engine("kept");
        endUser = fixtures.endUser("kept");
        messages = END_USERS + "/" + endUser + "/messages";
        url = WebhookReceiver.shared().url(WebhookReceiver.shared().path(200));
    }

    @Test
    void duplicateKeysAreRefusedAlsoWhenSpelledWithEscapes() {
        refused(api.post(ENGINES, key, "{\"name\":\"a\",\"na\\u006de\":\"b\",\"kind\":\"lexicon\"}"), "/name", "twice");
        refused(api.post(END_USERS, key, "{\"external_id\":\"a\",\"external_id\":\"b\"}"), "/external_id", "twice");
        refused(api.post(messages, key, message("\"hi\",\"cont\\u0065nt\":\"there\"")), "/content", "twice");
        refused(api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"url\":\"" + url + "\",\"events\":[\"*\"]}"), "/url", "twice");
        assertEquals("0", count("webhook_endpoints"));
        assertNothingStored();
    }

    /** The last key used to win: a second "email" signed in as whoever it named. */
    @Test
    void aDuplicateKeyCannotChooseWhoSignsIn() {
        String email = People.uniqueEmail("dup");
        UUID user = UUID.fromString(People.signUp(api, email).getString("user_id"));
        Api.Answer answer = api.post(LOGIN, null, "{\"email\":\"someone@example.test\",\"email\":\"" + email
                + "\",\"password\":\"" + People.PASSWORD + "\"}");
        refused(answer, "/email", "twice");
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?", user));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        byte[] bad = {(byte) 0xC3, '('};
        refused(bytes(ENGINES, key, "{\"kind\":\"lexicon\",\"name\":\"a", bad, "\"}"), "/name", "UTF-8");
        refused(bytes(END_USERS, key, "{\"external_id\":\"", new byte[] {(byte) 0xFF}, "\"}"), "/external_id", "UTF-8");
        refused(bytes(messages, key, message("\"").replace("}", ""), new byte[] {(byte) 0x80}, "\"}"), "/content", "UTF-8");
        refused(bytes(LOGIN, null, "{\"password\":\"x\",\"email\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"),
                "/email", "UTF-8");
        refused(bytes(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"],\"description\":\"",
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"), "/description", "UTF-8");
        assertEquals("0", count("webhook_endpoints"));
        assertNothingStored();
    }

    @Test
    void dataAfterTheDocumentAndASecondDocumentAreRefused() {
        refused(api.post(ENGINES, key, "{\"name\":\"a\",\"kind\":\"lexicon\"} x"), "", "after the JSON document");
        refused(api.post(END_USERS, key, "{\"external_id\":\"a\"}{\"external_id\":\"b\"}"), "", "after the JSON document");
        refused(api.post(messages, key, message("\"hi\"") + "\n" + message("\"again\"")), "", "after the JSON document");
        refused(api.post(LOGIN, null, "{\"email\":\"a@example.test\",\"password\":\"x\"}[]"), "", "after the JSON document");
        refused(api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"]},"), "", "after the JSON document");
        assertEquals("0", count("webhook_endpoints"));
        assertNothingStored();
    }

    /** NUL answered 500 (PostgreSQL refused it); it is refused in every string and key now. */
    @Test
    void nulInAStringOrKeyIsRefusedEverywhere() {
        refused(api.post(ENGINES, key, "{\"name\":\"a\\u0000\",\"kind\":\"lexicon\"}"), "/name", "U+0000");
        refused(api.post(END_USERS, key, "{\"external_id\":\"n\",\"traits\":{\"plan\":\"\\u0000\"}}"), "/traits/plan", "U+0000");
        refused(api.post(END_USERS, key, "{\"external_id\":\"n\",\"traits\":{\"p\\u0000\":1}}"), "/traits/p\u0000", "U+0000");
        refused(api.post(messages, key, message("\"a\\u0000b\"")), "/content", "U+0000");
        refused(api.post(LOGIN, null, "{\"email\":\"a@example.test\",\"password\":\"\\u0000\"}"), "/password", "U+0000");
        refused(api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\\u0000\"]}"), "/events/0", "U+0000");
        assertEquals("0", count("webhook_endpoints"));
        assertNothingStored();
    }

    @Test
    void wholeNumbersMustBeWholeAndFitTheirType() {
        String variants = "{\"name\":\"x\",\"variants\":[{\"name\":\"a\",\"engine_id\":\"" + engine + "\",\"weight\":%s},"
                + "{\"name\":\"b\",\"engine_id\":\"" + engine + "\",\"weight\":50}]}";
        refused(api.post("api/v1/experiments", key, variants.formatted("9007199254740993")), "/variants/0/weight", "whole number");
        refused(api.post("api/v1/experiments", key, variants.formatted("1.5")), "/variants/0/weight", "whole number");
        String rotate = ENDPOINTS + "/" + endpoint() + "/rotate-secret";
        refused(api.post(rotate, key, "{\"overlap_hours\":4294967320}"), "/overlap_hours", "whole number");
        refused(api.post(rotate, key, "{\"overlap_hours\":1.5}"), "/overlap_hours", "whole number");
        refused(api.post("api/v1/inbound/" + engine + "/secret", key, "{\"overlap_hours\":4294967320}"), "/overlap_hours",
                "whole number");
        assertEquals("0", count("experiments"));
        assertEquals(null, Rows.single("SELECT previous_secret FROM webhook_endpoints WHERE tenant_id = ?", tenant));
        assertEquals("0", count("inbound_secrets"));
    }

    @Test
    void aStringIsNeverANumberNorANumberAString() {
        String rotate = ENDPOINTS + "/" + endpoint() + "/rotate-secret";
        refused(api.post(rotate, key, "{\"overlap_hours\":\"100\"}"), "/overlap_hours", "must be a number");
        refused(api.post(ENGINES, key, "{\"name\":100,\"kind\":\"lexicon\"}"), "/name", "must be a string");
        refused(api.patch(ENDPOINTS + "/" + endpoint(), key, "{\"enabled\":\"false\"}"), "/enabled", "true or false");
        refused(api.post(messages, key, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":[\"x\"]}"),
                "/content", "must be a string");
        assertEquals("0", Rows.single("SELECT count(*)::text FROM webhook_endpoints WHERE tenant_id = ?"
                + " AND (previous_secret IS NOT NULL OR NOT enabled)", tenant));
        assertNothingStored();
    }

    @Test
    void anArrayWhereAnObjectBelongsIsRefused() {
        refused(api.post(LOGIN, null, "[\"a@example.test\",\"" + People.PASSWORD + "\"]"), "", "must be an object");
        refused(api.post(ENGINES, key, "[{\"name\":\"a\",\"kind\":\"lexicon\"}]"), "", "must be an object");
        refused(api.post("api/v1/experiments", key, "{\"name\":\"x\",\"variants\":[[1],[2]]}"), "/variants/0", "must be an object");
        assertEquals("0", count("experiments"));
        assertNothingStored();
    }

    @Test
    void anUnknownFieldIsNamed() {
        refused(api.post(ENGINES, key, "{\"name\":\"a\",\"kind\":\"lexicon\",\"tenant_id\":\"" + UUID.randomUUID() + "\"}"),
                "/tenant_id", "not a field");
        assertNothingStored();
    }

    private String endpoint() {
        Api.Answer created = api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
        assertEquals(201, created.status(), created.body());
        return created.json().getString("id");
    }

    private String message(String content) {
        return "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":" + content + "}";
    }

    private Api.Answer bytes(String path, String credential, String head, byte[] middle, String tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = tail.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(middle, 0, body, start.length, middle.length);
        System.arraycopy(end, 0, body, start.length + middle.length, end.length);
        return api.send(api.request(path, credential).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Only the fixtures: one engine, one end user, no message, no webhook endpoint beyond those a test made. */
    private void assertNothingStored() {
        assertEquals("1", count("engines"));
        assertEquals("1", count("end_users"));
        assertEquals("0", count("conversation_messages"));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ? AND name <> 'kept'", tenant));
    }

    private String count(String table) {
        return Rows.single("SELECT count(*)::text FROM " + table + " WHERE tenant_id = ?", tenant);
    }

    static void refused(Api.Answer answer, String pointer, String message) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
        JsonObject problem = answer.json();
        assertEquals("https://humane.ai/problems/malformed-json", problem.getString("type"), answer.body());
        JsonObject first = problem.getJsonArray("errors").getJsonObject(0);
        assertEquals(pointer, first.getString("field"), answer.body());
        assertTrue(first.getString("message").contains(message), answer.body());
    }
}
