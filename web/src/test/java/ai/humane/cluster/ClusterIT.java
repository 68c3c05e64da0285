package ai.humane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.FromAddress;
import ai.humane.testing.MicroInstances;
import ai.humane.testing.Minutes;
import ai.humane.webhooks.boundary.WebhookReceiver;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro instances on one database, as a cluster runs: what one instance counts, claims or
 * stores, the other sees. Webhook deliveries go out once (W3), the rate limit is one count (A1) and an
 * idempotency key used on one instance is replayed by the other (A2).
 */
class ClusterIT {

    private static final int EVENTS = 30;
    private static final int PUBLIC_CEILING = 60;
    private static final String FAQ = "api/v1/public/faq?q=limits";

    private static DatabaseSettings db;
    private static PayaraMicro one;
    private static PayaraMicro two;

    private final WebhookReceiver receiver = WebhookReceiver.shared();

    @BeforeAll
    static void cluster() throws Exception {
        db = MicroInstances.database("cluster");
        Map<String, String> env = MicroInstances.environment(db);
        one = MicroInstances.start(env, "one");
        assertTrue(one.awaitReady(), "the first instance never became ready");
        two = MicroInstances.start(env, "two");
        assertTrue(two.awaitReady(), "the second instance never became ready");
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.stop();
        }
        if (one != null) {
            one.stop();
        }
    }

    @Test
    void eachWebhookEventIsDeliveredExactlyOnce() throws Exception {
        String path = receiver.path(200);
        String key = MicroInstances.tenant(db, "Twice").apiKey();
        Api first = api(one);
        Api second = api(two);
        assertEquals(201, first.post("api/v1/webhooks/endpoints", key,
                "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"end_user.created\"]}").status());
        for (int i = 0; i < EVENTS; i++) {
            new Fixtures(i % 2 == 0 ? first : second, key).endUser("twice-" + i);
        }
        receiver.await(path, EVENTS);
        Thread.sleep(3000); // a duplicate, if any, would come within the next triggers
        Map<String, Long> received = receiver.at(path).stream()
                .collect(Collectors.groupingBy(r -> r.header("Humane-Event-Id"), Collectors.counting()));
        assertEquals(EVENTS, received.size());
        assertTrue(received.values().stream().allMatch(n -> n == 1), "delivered more than once: " + received);
    }

    @Test
    void bothInstancesCountOneRateLimit() {
        String client = FromAddress.fresh();
        FromAddress[] instances = {new FromAddress(client, one.baseUri().getPort()),
            new FromAddress(client, two.baseUri().getPort())};
        Minutes.leaveAtLeast(20);
        for (int i = 1; i <= PUBLIC_CEILING; i++) {
            FromAddress.Reply reply = instances[i % 2].get(FAQ, Map.of());
            assertEquals(200, reply.status(), reply.toString());
            assertTrue(reply.header("RateLimit").startsWith("\"public\";r=" + (PUBLIC_CEILING - i) + ";"),
                    "request " + i + ": " + reply.header("RateLimit"));
        }
        for (FromAddress instance : instances) {
            FromAddress.Reply refused = instance.get(FAQ, Map.of("X-Forwarded-For", "198.51.100.77"));
            assertEquals(429, refused.status(), refused.toString());
            assertTrue(refused.body().contains("\"type\":\"https://humane.ai/problems/rate-limited\""), refused.body());
            assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused.toString());
        }
    }

    @Test
    void anIdempotencyKeyUsedOnOneInstanceIsReplayedByTheOther() throws Exception {
        String key = MicroInstances.tenant(db, "Replayed").apiKey();
        String body = "{\"external_id\":\"cluster-replay\",\"traits\":{}}";
        Api.Answer created = api(one).send(post(one, key, body));
        assertEquals(201, created.status(), created.body());
        Api.Answer replayed = api(two).send(post(two, key, body));
        assertEquals(201, replayed.status(), replayed.body());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(created.json().getString("id"), replayed.json().getString("id"));
        Api.Answer otherBody = api(two).send(post(two, key, body.replace("cluster-replay", "another")));
        assertEquals(422, otherBody.status(), otherBody.body());
    }

    private static HttpRequest.Builder post(PayaraMicro instance, String key, String body) throws Exception {
        return api(instance).request("api/v1/end-users", key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "cluster-key-1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static Api api(PayaraMicro instance) throws Exception {
        URI base = instance.baseUri();
        return new Api(new URL(base + "/"));
    }
}
