package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Security headers on every answer, framing forbidden everywhere, HSTS only over HTTPS seen by a trusted proxy,
 * deep JSON refused.
 */
class EdgeHeadersIT extends HttpTest {

    @Test
    void authenticatedAnswersAreNotStoredAndCarryTheSecurityHeaders() {
        Api api = new Api(deployment);
        Api.Answer answer = api.get("api/v1/engines", Tenants.create("Headers").apiKey());
        assertEquals(200, answer.status());
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("no-referrer", answer.header("Referrer-Policy"));
        assertEquals("no-store", answer.header("Cache-Control"));
        assertEquals("default-src 'none'; frame-ancestors 'none'", answer.header("Content-Security-Policy"));
        assertEquals("DENY", answer.header("X-Frame-Options"));
        assertNull(answer.header("Strict-Transport-Security"));
        Api.Answer anonymous = api.get("api/v1/nothing", null);
        assertEquals("nosniff", anonymous.header("X-Content-Type-Options"));
        assertNull(anonymous.header("Cache-Control"));
    }

    /**
     * CSP frame-ancestors 'none' and X-Frame-Options DENY on every kind of answer: the API's, its errors,
     * Payara's own endpoints (health, OpenAPI, metrics) and the refusals in front of them. Payara's own
     * SAMEORIGIN appears nowhere, not even on the answers Payara writes before any application code runs.
     */
    @Test
    void everyKindOfAnswerForbidsFramingInBothSpellings() {
        FromAddress client = new FromAddress("127.0.0.1", deployment.getPort());
        Map<String, String> key = Map.of("Authorization", "Bearer " + Tenants.create("Frames").apiKey());
        Map<String, String> operator = Map.of("Authorization", "Bearer " + TestPlatform.METRICS_TOKEN);
        List<FromAddress.Reply> answers = List.of(
                client.get("api/v1/engines", key), client.get("api/v1/engines", Map.of()),
                client.get("api/v1/nothing", Map.of()), client.send("OPTIONS", "api/v1/engines", Map.of(), null),
                client.send("POST", "api/v1/engines", key, "{\"name\":"), client.get(".well-known/security.txt", Map.of()),
                client.get("health/ready", Map.of()), client.get("health/nothing", Map.of()),
                client.send("DELETE", "health", Map.of(), null), client.get("openapi", Map.of()),
                client.get("metrics", Map.of()), client.get("metrics", operator));
        for (FromAddress.Reply answer : answers) {
            assertEquals("DENY", answer.header("X-Frame-Options"), answer.toString());
            assertTrue(answer.header("Content-Security-Policy").contains("frame-ancestors 'none'"), answer.toString());
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer.toString());
        }
        assertEquals(Set.of(200, 401, 404, 405, 400), answers.stream().map(FromAddress.Reply::status).collect(Collectors.toSet()),
                "every kind of answer was seen");
        FromAddress.Reply invalidUri = client.get(".%2e/metrics", Map.of());
        assertEquals(400, invalidUri.status(), invalidUri.toString());
        assertNull(invalidUri.header("X-Frame-Options"), "Payara's SAMEORIGIN is switched off: " + invalidUri);
    }

    @Test
    void hstsOnlyWhenTheTrustedProxySaysHttps() {
        FromAddress proxy = new FromAddress("127.0.0.250", deployment.getPort());
        FromAddress stranger = new FromAddress(FromAddress.fresh(), deployment.getPort());
        String path = "api/v1/public/faq?q=plans";
        Map<String, String> https = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "192.0.2.44");
        assertEquals("max-age=31536000; includeSubDomains; preload", proxy.get(path, https)
                .header("Strict-Transport-Security"), "N3's value, as the edge sends it");
        assertNull(stranger.get(path, https).header("Strict-Transport-Security"));
    }

    @Test
    void jsonNestedDeeperThanSixtyFourLevelsIsRefused() {
        Api api = new Api(deployment);
        String key = Tenants.create("Deep").apiKey();
        String deep = "{\"name\":\"d\",\"kind\":\"lexicon\",\"config\":" + "[".repeat(65) + "]".repeat(65) + "}";
        Api.Answer answer = api.post("api/v1/engines", key, deep);
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("https://humane.ai/problems/malformed-json", answer.problemType());
        String fine = "{\"name\":\"e\",\"kind\":\"lexicon\",\"config\":" + "{\"a\":".repeat(10) + "{}" + "}".repeat(10) + "}";
        Api.Answer accepted = api.post("api/v1/engines", key, fine);
        assertEquals(201, accepted.status(), accepted.toString());
    }
}
