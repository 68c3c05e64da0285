package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The surface beyond the API: metrics for operators only, under every spelling of their path; no WADL;
 * OPTIONS refused with what the path accepts; health that says UP or DOWN and nothing about the deployment.
 */
class ServerEndpointsIT extends HttpTest {

    /** Paths Payara (Grizzly and the web container) normalise to /metrics, written to the socket as they are. */
    private static final List<String> METRICS_SPELLINGS = List.of("/metrics", "/metrics/", "//metrics",
            "/./metrics", "/x/../metrics", "/api/v1/../../metrics", "/api/v1/%2e%2e/%2e%2e/metrics",
            "/api/v1/%2E%2E/%2E%2E/metrics", "/api/v1/..%2f..%2fmetrics", "/metrics;x=1", "/metrics/;", "/metrics%3b",
            "/metrics%2f", "/%2fmetrics", "/%6detrics", "/metrics/.", "/metrics?scope=base", "/metrics/base",
            "/.%2e/metrics");
    private static final String METRIC_LINE = "# TYPE ";

    private final FromAddress client = new FromAddress("127.0.0.1", deployment.getPort());
    private final Api api = new Api(deployment);

    @Test
    void metricsAreRefusedToThePublicUnderEverySpellingOfTheirPath() {
        for (String path : METRICS_SPELLINGS) {
            for (Map<String, String> credential : List.of(Map.<String, String>of(),
                    Map.of("Authorization", "Bearer " + TestPlatform.METRICS_TOKEN + "x"),
                    Map.of("Authorization", "Basic " + TestPlatform.METRICS_TOKEN))) {
                FromAddress.Reply reply = client.get(path.substring(1), credential);
                assertFalse(reply.body().contains(METRIC_LINE), path + " showed metrics: " + reply);
                assertNotEquals(200, reply.status(), path + ": " + reply);
            }
        }
        FromAddress.Reply refused = client.get("api/v1/../../metrics", Map.of());
        assertEquals(401, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals("Bearer realm=\"metrics\"", refused.header("WWW-Authenticate"));
    }

    @Test
    void anOperatorWithTheMetricsTokenGetsThem() {
        Map<String, String> operator = Map.of("Authorization", "Bearer " + TestPlatform.METRICS_TOKEN);
        for (String path : List.of("/metrics", "/api/v1/../../metrics", "/metrics?scope=vendor")) {
            FromAddress.Reply reply = client.get(path.substring(1), operator);
            assertEquals(200, reply.status(), path + ": " + reply);
            assertTrue(reply.body().contains(METRIC_LINE), path + ": " + reply);
        }
    }

    @Test
    void noWadlDescribesTheApplication() {
        for (String path : List.of("application.wadl", "application.wadl?detail=true", "application.wadl/xsd0.xsd",
                "openapi/application.wadl", "health/application.wadl")) {
            Api.Answer answer = api.get(path, null);
            assertEquals(404, answer.status(), path + ": " + answer);
            assertEquals("https://humane.ai/problems/not-found", answer.problemType(), path);
            assertFalse(answer.body().toLowerCase().contains("jersey"), answer.body());
        }
    }

    @Test
    void optionsIsRefusedWithTheMethodsThePathAccepts() {
        Map<String, String> expected = Map.of("api/v1/engines", "GET, HEAD, POST",
                "api/v1/public/waitlist", "POST", "health/ready", "GET, HEAD", "openapi", "GET, HEAD");
        expected.forEach((path, allowed) -> {
            FromAddress.Reply reply = client.send("OPTIONS", path, Map.of(), null);
            assertEquals(405, reply.status(), path + ": " + reply);
            assertEquals("application/problem+json", reply.header("Content-Type"), path);
            assertTrue(reply.body().contains("\"type\":\"https://humane.ai/problems/method-not-allowed\""), reply.body());
            assertEquals(allowed, reply.header("Allow"), path);
        });
        assertEquals(404, client.send("OPTIONS", "api/v1/nothing-here", Map.of(), null).status());
        FromAddress.Reply put = client.send("PUT", "api/v1/engines", Map.of(), "{}");
        assertEquals(405, put.status(), put.toString());
        assertEquals("GET, HEAD, POST", put.header("Allow"), "Allow never offers the refused OPTIONS");
    }

    /** Public health answers name their checks and say UP or DOWN: no versions, timings or hosts. */
    @Test
    void healthSaysUpOrDownAndNothingAboutTheDeployment() {
        for (String path : List.of("health", "health?details=true", "health/ready", "health/live", "health/started")) {
            Api.Answer answer = api.get(path, null);
            assertEquals(200, answer.status(), path + ": " + answer);
            JsonObject health = answer.json();
            assertEquals(Set.of("status", "checks"), health.keySet(), path + ": " + answer.body());
            for (JsonValue check : health.getJsonArray("checks")) {
                JsonObject data = check.asJsonObject().getJsonObject("data");
                assertTrue(data == null || data.isEmpty(), path + " tells " + check);
            }
        }
        assertEquals(404, api.get("health/anything", null).status());
    }
}
