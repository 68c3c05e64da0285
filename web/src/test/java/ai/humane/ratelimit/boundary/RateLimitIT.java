package ai.humane.ratelimit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Minutes;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A1 over HTTP: per-address limits on the public endpoints, per-key limits by plan, the headers. */
class RateLimitIT extends HttpTest {

    private static final String FAQ = "api/v1/public/faq?q=limits";
    /** TRUSTED_PROXIES of the test platform. */
    private static final String PROXY = "127.0.0.250";

    @Test
    void theSixtyFirstPublicRequestOfAMinuteIsRefusedAndAForgedForwardedForDoesNotHelp() {
        FromAddress client = new FromAddress(FromAddress.fresh(), deployment.getPort());
        Minutes.leaveAtLeast(20);
        for (int i = 1; i <= 60; i++) {
            FromAddress.Reply reply = client.get(FAQ, Map.of());
            assertEquals(200, reply.status(), reply.toString());
            assertEquals("\"public\";q=60;w=60", reply.header("RateLimit-Policy"));
            assertTrue(reply.header("RateLimit").matches("\"public\";r=" + (60 - i) + ";t=\\d+"), reply.header("RateLimit"));
        }
        FromAddress.Reply refused = client.get(FAQ, Map.of());
        assertRateLimited(refused);
        assertTrue(refused.header("RateLimit").startsWith("\"public\";r=0;t="), refused.header("RateLimit"));
        assertRateLimited(client.get(FAQ, Map.of("X-Forwarded-For", "198.51.100.23")));
        assertRateLimited(client.get(FAQ, Map.of("X-Forwarded-For", "198.51.100.24, 127.0.0.250")));
    }

    @Test
    void behindTheTrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        FromAddress proxy = new FromAddress(PROXY, deployment.getPort());
        Minutes.leaveAtLeast(20);
        for (int i = 0; i < 60; i++) {
            // The client may write anything to the left of what our proxy appended: it changes nothing.
            FromAddress.Reply reply = proxy.get(FAQ, Map.of("X-Forwarded-For", "10.9.9." + i + ", 203.0.113.9"));
            assertEquals(200, reply.status(), reply.toString());
        }
        assertRateLimited(proxy.get(FAQ, Map.of("X-Forwarded-For", "10.1.1.1, 203.0.113.9")));
        assertEquals(200, proxy.get(FAQ, Map.of("X-Forwarded-For", "203.0.113.10")).status());
    }

    @Test
    void aFreeTenantIsLimitedBeforeAScaleTenant() {
        var free = Tenants.create("Free");
        var scale = Tenants.create("Scale");
        Rows.execute("UPDATE tenants SET plan = 'free' WHERE id = ?", free.tenantId());
        Rows.execute("UPDATE tenants SET plan = 'scale' WHERE id = ?", scale.tenantId());
        Api api = new Api(deployment);
        Minutes.leaveAtLeast(40);
        for (int i = 1; i <= 300; i++) {
            Api.Answer answer = api.get("api/v1/engines", free.apiKey());
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("\"default\";q=300;w=60", answer.header("RateLimit-Policy"));
        }
        Api.Answer refused = api.get("api/v1/engines", free.apiKey());
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("https://humane.ai/problems/rate-limited", refused.problemType());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused.header("Retry-After"));
        for (int i = 1; i <= 301; i++) {
            Api.Answer answer = api.get("api/v1/engines", scale.apiKey());
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("\"default\";q=600;w=60", answer.header("RateLimit-Policy"));
        }
        assertEquals(429, api.get("api/v1/engines", free.apiKey()).status());
    }

    @Test
    void refusedCredentialsAreCountedPerAddressAndThenAnswered429() {
        int ceiling = TestPlatform.REFUSED_CREDENTIALS_PER_MINUTE;
        var tenant = Tenants.create("Guessed");
        FromAddress guesser = new FromAddress(FromAddress.fresh(), deployment.getPort());
        Minutes.leaveAtLeast(30);
        for (int i = 1; i <= ceiling; i++) {
            String credential = i % 2 == 0 ? "hk_live_madeUpKeyNumber" + i : "eyJhbGciOiJFUzI1NiJ9.e30.guess" + i;
            FromAddress.Reply reply = guesser.get("api/v1/engines", Map.of("Authorization", "Bearer " + credential));
            assertEquals(401, reply.status(), reply.toString());
            assertTrue(reply.body().contains("\"type\":\"https://humane.ai/problems/unauthenticated\""), reply.body());
            assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.toString());
            assertEquals("\"refused\";q=" + ceiling + ";w=60", reply.header("RateLimit-Policy"));
            assertEquals("nosniff", reply.header("X-Content-Type-Options"));
        }
        assertRateLimited(guesser.get("api/v1/engines", Map.of("Authorization", "Bearer hk_live_oneMoreGuess")));
        assertRateLimited(guesser.get("api/v1/nothing/here", Map.of("Authorization", "Bearer hk_live_oneMoreGuess")));
        // Only refusals are counted in that bucket: the tenant's own key from the same address still works,
        // and another address is still told 401, not 429.
        FromAddress.Reply valid = guesser.get("api/v1/engines", Map.of("Authorization", "Bearer " + tenant.apiKey()));
        assertEquals(200, valid.status(), valid.toString());
        FromAddress other = new FromAddress(FromAddress.fresh(), deployment.getPort());
        assertEquals(401, other.get("api/v1/engines", Map.of("Authorization", "Bearer hk_live_oneMoreGuess")).status());
    }

    @Test
    void everyAnswerCarriesTheHeadersEvenErrors() {
        Api api = new Api(deployment);
        var tenant = Tenants.create("Headers");
        for (Api.Answer answer : new Api.Answer[] {api.get("api/v1/engines", tenant.apiKey()), api.get("api/v1/nothing", null),
            api.get("api/v1/engines", null), api.post("api/v1/engines", tenant.apiKey(), "{"),
            api.get("api/v1/engines", "hk_live_notAKeyOfOurs")}) {
            assertTrue(answer.header("RateLimit-Policy").matches("\"\\w+\";q=\\d+;w=60"), answer.toString());
            assertTrue(answer.header("RateLimit").matches("\"\\w+\";r=\\d+;t=\\d+"), answer.toString());
        }
    }

    private static void assertRateLimited(FromAddress.Reply reply) {
        assertEquals(429, reply.status(), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.toString());
        assertTrue(reply.body().contains("\"type\":\"https://humane.ai/problems/rate-limited\""), reply.body());
        assertTrue(Integer.parseInt(reply.header("Retry-After")) >= 1, reply.toString());
    }
}
