package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.humane.testing.Api;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Tenants;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Security headers on every answer, HSTS only over HTTPS seen by a trusted proxy, deep JSON refused. */
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
        assertNull(answer.header("Strict-Transport-Security"));
        Api.Answer anonymous = api.get("api/v1/nothing", null);
        assertEquals("nosniff", anonymous.header("X-Content-Type-Options"));
        assertNull(anonymous.header("Cache-Control"));
    }

    @Test
    void hstsOnlyWhenTheTrustedProxySaysHttps() {
        FromAddress proxy = new FromAddress("127.0.0.250", deployment.getPort());
        FromAddress stranger = new FromAddress(FromAddress.fresh(), deployment.getPort());
        String path = "api/v1/public/faq?q=plans";
        Map<String, String> https = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "192.0.2.44");
        assertEquals("max-age=63072000; includeSubDomains", proxy.get(path, https).header("Strict-Transport-Security"));
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
