package ai.humane.problems.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HumaneDeployment;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear application/problem+json answer and nothing is stored. */
@HumaneDeployment
@RunAsClient
class ProblemsIT {

    private static final String ENGINES = "api/v1/engines";

    @ArquillianResource
    URL deployment;

    private Api api;
    private String key;
    private UUID tenant;

    @Deployment(testable = false)
    static WebArchive war() {
        return TestPlatform.war();
    }

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

    private void assertNothingStored() {
        assertEquals("0", Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenant));
    }

    static void assertProblem(Api.Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), answer.body());
        assertEquals("https://humane.ai/problems/" + slug, answer.problemType(), answer.body());
    }
}
