package ai.humane.problems.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear application/problem+json answer and nothing is stored. */
class ProblemsIT extends HttpTest {

    private static final String ENGINES = "api/v1/engines";

    private Api api;
    private String key;
    private UUID tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("Problems");
        key = created.apiKey();
        tenant = created.tenantId();
    }

    @Test
    void malformedJsonIsRefused() {
        assertProblem(api.post(ENGINES, key, "{\"name\": "), 400, "malformed-json");
        assertProblem(api.post(ENGINES, key, "[1, 2]"), 400, "malformed-json");
        assertNothingStored();
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() {
        assertProblem(api.post(ENGINES, key, "{\"name\":\"x\",\"kind\":\"lexicon\",\"tenant_id\":\"" + UUID.randomUUID() + "\"}"),
                400, "malformed-json");
        assertNothingStored();
    }

    @Test
    void wrongTypesAreRefused() {
        assertProblem(api.post(ENGINES, key, "{\"name\":\"x\",\"kind\":\"lexicon\",\"config\":\"not an object\"}"), 400, "malformed-json");
        assertProblem(api.post(ENGINES, key, "{\"name\":[1],\"kind\":\"lexicon\"}"), 400, "malformed-json");
        assertNothingStored();
    }

    @Test
    void invalidFieldsAreListedBySnakeCaseName() {
        Api.Answer answer = api.post(ENGINES, key, "{\"kind\":\"quantum\",\"provider_url\":\"ftp://x\"}");
        assertProblem(answer, 400, "validation");
        String errors = answer.json().getJsonArray("errors").toString();
        assertTrue(errors.contains("\"field\":\"name\""), errors);
        assertTrue(errors.contains("\"field\":\"kind\""), errors);
        assertTrue(errors.contains("\"field\":\"provider_url\""), errors);
        assertProblem(api.post(ENGINES, key, ""), 400, "validation");
        assertNothingStored();
    }

    @Test
    void bodiesOverOneMebibyteAreRefusedDeclaredOrChunked() {
        String big = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\",\"kind\":\"lexicon\"}";
        assertProblem(api.post(ENGINES, key, big), 413, "payload-too-large");
        HttpRequest.Builder chunked = api.request(ENGINES, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())));
        assertProblem(api.send(chunked), 413, "payload-too-large");
        assertNothingStored();
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        assertProblem(api.send(ENGINES, key, "POST", "text/plain", "{\"name\":\"x\",\"kind\":\"lexicon\"}"), 415,
                "unsupported-media-type");
        assertNothingStored();
    }

    @Test
    void unknownRoutesAndMethodsAnswerProblems() {
        assertProblem(api.get("nothing/here", key), 404, "not-found");
        assertProblem(api.get("api/v1/nothing", null), 404, "not-found");
        Api.Answer put = api.send(ENGINES, key, "PUT", "application/json", "{}");
        assertProblem(put, 405, "method-not-allowed");
        assertTrue(put.header("Allow").contains("POST"), put.header("Allow"));
    }

    @Test
    void badQueryParametersAreValidationProblems() {
        assertProblem(api.get(ENGINES + "?limit=abc", key), 400, "validation");
        assertProblem(api.get(ENGINES + "?limit=0", key), 400, "validation");
        assertProblem(api.get(ENGINES + "?limit=201", key), 400, "validation");
        assertProblem(api.get(ENGINES + "?cursor=garbage", key), 400, "validation");
        assertProblem(api.get(ENGINES + "/not-a-uuid", key), 404, "not-found");
    }

    /** A name LostRace checks that the schema does not hold would turn that race back into a 500. */
    @Test
    void everyConstraintALostRaceNamesIsInTheSchema() {
        for (String constraint : LostRace.CHECKED) {
            assertEquals("1", Rows.single("SELECT count(*)::text FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid"
                    + " WHERE c.relname = ? AND i.indisunique", constraint), constraint);
        }
    }

    @Test
    void problemsCarryTheirFieldsAndNothingInternal() {
        Api.Answer answer = api.post(ENGINES, key, "{\"name\": ");
        JsonObject problem = answer.json();
        assertEquals(400, problem.getInt("status"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertTrue(problem.getString("instance").matches("urn:uuid:[0-9a-f-]{36}"));
        assertFalse(answer.body().contains("Exception"), answer.body());
        assertFalse(answer.body().toLowerCase().contains("at ai.humane"), answer.body());
    }

    @Test
    void everyEndpointRefusesMalformedOversizedAndUnauthenticatedRequests() {
        var fixtures = new ai.humane.testing.Fixtures(api, key);
        UUID engine = fixtures.engine("e");
        UUID endUser = fixtures.endUser("u");
        UUID experiment = fixtures.experiment("x", engine, fixtures.engine("f"));
        String oversized = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
        String[][] writes = {
            {"POST", "api/v1/api-keys"}, {"POST", "api/v1/engines"}, {"PATCH", "api/v1/engines/" + engine},
            {"POST", "api/v1/end-users"}, {"PATCH", "api/v1/end-users/" + endUser},
            {"POST", "api/v1/end-users/" + endUser + "/messages"}, {"POST", "api/v1/experiments"},
            {"PATCH", "api/v1/experiments/" + experiment}};
        for (String[] write : writes) {
            String where = write[0] + " " + write[1];
            assertProblem(api.send(write[1], key, write[0], "application/json", "{\"name\": "), 400, "malformed-json");
            assertProblem(api.send(write[1], key, write[0], "application/json", "{\"unknown_field\": 1}"), 400,
                    "malformed-json");
            assertProblem(api.send(write[1], key, write[0], "application/json", oversized), 413, "payload-too-large");
            assertProblem(api.send(write[1], null, write[0], "application/json", "{}"), 401, "unauthenticated");
            assertEquals(415, api.send(write[1], key, write[0], "text/plain", "x").status(), where);
        }
        String[][] others = {
            {"GET", "api/v1/api-keys"}, {"DELETE", "api/v1/api-keys/" + UUID.randomUUID()}, {"GET", "api/v1/engines"},
            {"GET", "api/v1/engines/" + engine}, {"DELETE", "api/v1/engines/" + engine}, {"GET", "api/v1/end-users"},
            {"GET", "api/v1/end-users/" + endUser}, {"DELETE", "api/v1/end-users/" + endUser},
            {"GET", "api/v1/end-users/" + endUser + "/messages"}, {"GET", "api/v1/experiments"},
            {"GET", "api/v1/experiments/" + experiment}};
        for (String[] call : others) {
            Api.Answer answer = api.send(api.request(call[1], null).method(call[0], HttpRequest.BodyPublishers.noBody()));
            assertProblem(answer, 401, "unauthenticated");
        }
        assertEquals("2", Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant));
    }

    private void assertNothingStored() {
        assertEquals("0", Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant));
    }

    static void assertProblem(Api.Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
        assertEquals("https://humane.ai/problems/" + slug, answer.problemType(), answer.body());
    }
}
