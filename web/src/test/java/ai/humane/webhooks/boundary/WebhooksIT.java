package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** K2, W1, W3, W4 over HTTP, with a real receiver on loopback that checks every delivery against api.md. */
class WebhooksIT extends HttpTest {

    private static final String ENDPOINTS = "api/v1/webhooks/endpoints";
    private static final String DELIVERIES = "api/v1/webhooks/deliveries";

    private final WebhookReceiver receiver = WebhookReceiver.shared();
    private Api api;
    private TenantProvisioning.Provisioned tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        tenant = Tenants.create("Hooks");
        key = tenant.apiKey();
    }

    @Test
    void anEndpointSecretIsShownOnceStoredSealedAndEveryChangeIsAudited() {
        Api.Answer created = create(receiver.path(200), "[\"*\"]");
        assertEquals(201, created.status(), created.body());
        String secret = created.json().getString("secret");
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        assertNotNull(created.header("Location"));
        String id = created.json().getString("id");

        assertFalse(api.get(ENDPOINTS + "/" + id, key).body().contains(secret));
        assertFalse(api.get(ENDPOINTS, key).body().contains("whsec_"));
        assertFalse(Rows.row("webhook_endpoints", UUID.fromString(id)).contains(secret.substring(6)), "stored in clear");
        Api.Answer patched = api.patch(ENDPOINTS + "/" + id, key, "{\"description\":\"renamed\",\"events\":[\"end_user.created\"]}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("renamed", patched.json().getString("description"));
        assertEquals(200, api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{}").status());
        assertEquals(204, api.delete(ENDPOINTS + "/" + id, key).status());
        assertEquals(404, api.get(ENDPOINTS + "/" + id, key).status());
        assertEquals("4", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE resource_id = ? "
                + "AND action LIKE 'webhook_endpoint.%'", id));
    }

    @Test
    void urlsTheGuardRefusesAreAnsweredWithUrlNotAllowed() {
        for (String url : List.of("http://10.0.0.7/hook", "http://169.254.169.254/latest", "http://127.0.0.1:1/hook",
                "ftp://example.com/hook", "http://user:pw@example.com/hook")) {
            Api.Answer refused = api.post(ENDPOINTS, key, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
            assertEquals(400, refused.status(), url + ": " + refused.body());
            assertEquals("https://humane.ai/problems/url-not-allowed", refused.problemType());
            assertFalse(refused.json().getString("detail").isBlank());
        }
    }

    @Test
    void aTestEventArrivesSignedWithEveryHeaderAndShowsInTheMonitor() {
        String path = receiver.path(200);
        JsonObject endpoint = create(path, "[\"end_user.created\"]").json();
        String id = endpoint.getString("id");

        assertEquals(202, api.post(ENDPOINTS + "/" + id + "/test", key, "").status());
        JsonObject body = DeliveryCheck.verify(receiver.await(path, 1).get(0), "webhook.test",
                List.of(endpoint.getString("secret")));
        assertEquals(tenant.tenantId().toString(), body.getString("tenant_id"));

        JsonObject delivery = eventuallyOne(DELIVERIES + "?endpoint_id=" + id + "&status=succeeded");
        JsonObject detail = api.get(DELIVERIES + "/" + delivery.getString("id"), key).json();
        JsonObject attempt = detail.getJsonArray("attempts").getJsonObject(0);
        assertEquals(200, attempt.getInt("status_code"));
        assertEquals("{\"received\":200}", attempt.getString("response_excerpt"));
        Instant.parse(attempt.getString("attempted_at"));
        assertEquals(body, detail.getJsonObject("event"), "the Monitor shows the event as delivered");
        assertTrue(delivery.isNull("event"), "lists carry no event bodies");
    }

    @Test
    void endUsersAndMessagesAreDeliveredAsEventsOfTheirChange() {
        String path = receiver.path(204);
        String secret = create(path, "[\"end_user.created\",\"message.created\"]").json().getString("secret");
        Fixtures data = new Fixtures(api, key);
        UUID endUser = data.endUser("hooked-" + UUID.randomUUID());
        UUID message = data.message(endUser, data.engine("lexicon for hooks"), "hello");

        List<WebhookReceiver.Received> got = receiver.await(path, 2);
        JsonObject created = DeliveryCheck.verify(find(got, "end_user.created"), "end_user.created", List.of(secret));
        assertEquals(endUser.toString(), created.getJsonObject("data").getString("id"));
        JsonObject posted = DeliveryCheck.verify(find(got, "message.created"), "message.created", List.of(secret));
        assertEquals(message.toString(), posted.getJsonObject("data").getString("id"));
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() {
        String path = receiver.path(200);
        JsonObject endpoint = create(path, "[\"*\"]").json();
        String id = endpoint.getString("id");
        Api.Answer rotated = api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{\"overlap_hours\":2}");
        assertEquals(200, rotated.status(), rotated.body());
        String fresh = rotated.json().getString("secret");

        api.post(ENDPOINTS + "/" + id + "/test", key, "");
        DeliveryCheck.verify(receiver.await(path, 1).get(0), "webhook.test", List.of(fresh, endpoint.getString("secret")));
    }

    /**
     * K2: two rotations at once each answer a secret that signs. Both wait for the endpoint's row (held here by the
     * superuser, as a rotation under way holds it); the second keeps the first one's secret as its previous one, so a
     * test event is signed by both answered secrets. Broken once: read unlocked, both rotations read the created
     * secret before they waited for the row, the second kept that one, and the first answered secret signed nothing.
     */
    @Test
    void twoRotationsAtOnceEachAnswerASecretThatSigns() throws Exception {
        String path = receiver.path(200);
        String id = create(path, "[\"*\"]").json().getString("id");
        List<CompletableFuture<Api.Answer>> rotations = new ArrayList<>();
        ExecutorService requests = Executors.newFixedThreadPool(2); // at once, whatever the common pool's size
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            Rows.execute(holder, "UPDATE webhook_endpoints SET updated_at = updated_at WHERE id = ?", UUID.fromString(id));
            for (int i = 0; i < 2; i++) {
                rotations.add(CompletableFuture.supplyAsync(
                        () -> api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{\"overlap_hours\":2}"), requests));
            }
            eventually(() -> Rows.waitingOn(holder) == 2 || rotations.stream().allMatch(CompletableFuture::isDone));
            holder.rollback();
            List<String> answered = new ArrayList<>();
            for (CompletableFuture<Api.Answer> rotation : rotations) {
                Api.Answer rotated = rotation.get(30, TimeUnit.SECONDS);
                assertEquals(200, rotated.status(), rotated.body());
                answered.add(rotated.json().getString("secret"));
            }
            api.post(ENDPOINTS + "/" + id + "/test", key, "");
            DeliveryCheck.verify(receiver.await(path, 1).get(0), "webhook.test", answered);
        } finally {
            requests.shutdownNow();
        }
    }

    /**
     * W3: a disabled endpoint's deliveries are held (the Monitor's {@code held}, with no next attempt), not sent, and
     * sent once the tenant enables it again.
     */
    @Test
    void aDisabledEndpointHoldsItsDeliveriesAndSendsThemOnceEnabled() {
        String path = receiver.path(200);
        String id = create(path, "[\"*\"]").json().getString("id");
        assertEquals(200, api.patch(ENDPOINTS + "/" + id, key, "{\"enabled\":false}").status());
        assertEquals(202, api.post(ENDPOINTS + "/" + id + "/test", key, "").status());

        JsonObject held = eventuallyOne(DELIVERIES + "?endpoint_id=" + id + "&status=held");
        assertTrue(held.isNull("next_attempt_at"), held.toString());
        assertTrue(receiver.at(path).isEmpty(), "a held delivery is not sent");
        assertEquals(200, api.patch(ENDPOINTS + "/" + id, key, "{\"enabled\":true}").status());
        receiver.await(path, 1);
        assertEquals(held.getString("id"), eventuallyOne(DELIVERIES + "?endpoint_id=" + id + "&status=succeeded")
                .getString("id"));
    }

    @Test
    void aGoneReceiverDisablesTheEndpoint() {
        String path = receiver.path(410);
        String id = create(path, "[\"*\"]").json().getString("id");
        api.post(ENDPOINTS + "/" + id + "/test", key, "");

        receiver.await(path, 1);
        eventually(() -> "disabled".equals(api.get(ENDPOINTS + "/" + id, key).json().getString("status")));
        assertEquals(1, receiver.at(path).size(), "a 410 is not retried");
    }

    @Test
    void anExhaustedDeliveryMarksTheEndpointFailingAndMailsTheOwnersOncePerSpell() {
        String owner = Rows.single("SELECT email FROM users WHERE id = ?", tenant.ownerId());
        String path = receiver.path(500);
        String id = create(path, "[\"*\"]").json().getString("id");

        for (int spell = 1; spell <= 2; spell++) {
            api.post(ENDPOINTS + "/" + id + "/test", key, "");
            int failedSoFar = spell;
            // 24 h of retries, compressed: once the first try has failed, it is moved a day back and the next
            // try made due now, so that try is the last.
            eventually(() -> Rows.execute("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours', "
                    + "next_attempt_at = now() WHERE endpoint_id = ? AND status = 'pending' AND attempts >= 1",
                    UUID.fromString(id)) == 1);
            eventually(() -> failed(id) == failedSoFar);
        }
        JsonObject failed = eventuallyOne(DELIVERIES + "?endpoint_id=" + id + "&status=failed");
        assertEquals("failing", api.get(ENDPOINTS + "/" + id, key).json().getString("status"));
        assertTrue(Mailbox.bodyOf(owner, "webhook_failing").contains(id));
        assertEquals(1, Mailbox.countTo(owner), "one e-mail per failing spell");

        // Retried while the receiver still fails, the delivery starts its schedule afresh (W3): after the n-th try of
        // the retry it waits 4^(n-1) s, 1 s after the first. Counted from all its tries (2 before the retry), it waited
        // 16 s after the first, 64 s after the second (and 4 h after a retry of one given up after 14).
        String delivery = failed.getString("id");
        int before = failed.getInt("attempt_count");
        assertEquals(200, api.post(DELIVERIES + "/" + delivery + "/retry", key, "").status());
        String[] wait = new String[1];
        eventually(() -> {
            // One snapshot: the tries since the retry, and the wait from the last try to the next.
            wait[0] = Rows.single("SELECT (attempts - ?) || ' ' || extract(epoch FROM next_attempt_at - (SELECT "
                    + "max(attempted_at) FROM webhook_attempts a WHERE a.delivery_id = d.id)) FROM webhook_deliveries d "
                    + "WHERE id = ?::uuid AND status = 'pending' AND attempts > ?", before, delivery, before);
            return wait[0] != null;
        });
        int tries = Integer.parseInt(wait[0].split(" ")[0]);
        double waited = Double.parseDouble(wait[0].split(" ")[1]);
        double scheduled = Math.pow(4, tries - 1);
        // The wait runs from when the try was recorded, a moment after it began.
        assertTrue(waited >= scheduled && waited < scheduled + 5, wait[0] + ": tries since the retry, then seconds");
        JsonObject detail = api.get(DELIVERIES + "/" + delivery, key).json();
        assertEquals(detail.getJsonArray("attempts").size(), detail.getInt("attempt_count"),
                "every attempt is kept and counted, those before the retry too");

        receiver.answer(path, 200);
        // Made due now rather than waiting out the schedule's next step; but five failed tries in a row have opened
        // the endpoint's breaker, which leaves it alone for 30 s (W4) before a trial.
        Rows.execute("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ?::uuid AND status = 'pending'",
                delivery);
        eventually(Duration.ofSeconds(90),
                () -> "enabled".equals(api.get(ENDPOINTS + "/" + id, key).json().getString("status")));
        assertEquals(409, api.post(DELIVERIES + "/" + delivery + "/retry", key, "").status());
    }

    /**
     * W4, V51: moving a failing endpoint to another URL starts its failing spell afresh; the answer to the change says
     * so, and so does every read after it. Broken once: the answer still said failing (the entity as read before).
     */
    @Test
    void aFailingEndpointMovedToAnotherUrlIsFailingNoMore() {
        String id = create(receiver.path(200), "[\"*\"]").json().getString("id");
        Rows.execute("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ?", UUID.fromString(id));
        assertEquals("failing", api.get(ENDPOINTS + "/" + id, key).json().getString("status"));

        Api.Answer moved = api.patch(ENDPOINTS + "/" + id, key, "{\"url\":\"" + receiver.url(receiver.path(200)) + "\"}");

        assertEquals(200, moved.status(), moved.body());
        assertEquals("enabled", moved.json().getString("status"));
        assertEquals("enabled", api.get(ENDPOINTS + "/" + id, key).json().getString("status"));
    }

    @Test
    void aSlowReceiverDoesNotHoldUpDeliveriesToOthers() {
        // Held 20 s, far beyond the fast delivery's 8 s, so the lane count below is not racing the first answer.
        String slow = receiver.slowPath(200, Duration.ofSeconds(20));
        String fast = receiver.path(200);
        String slowId = create(slow, "[\"*\"]").json().getString("id");
        String fastId = create(fast, "[\"*\"]").json().getString("id");
        int lane = TestPlatform.WEBHOOK_ENDPOINT_CONCURRENCY;
        for (int i = 0; i < lane + 2; i++) {
            api.post(ENDPOINTS + "/" + slowId + "/test", key, "");
        }
        receiver.await(slow, lane);
        assertEquals(lane, receiver.at(slow).size(), "deliveries in flight to one endpoint");
        Instant sent = Instant.now();
        api.post(ENDPOINTS + "/" + fastId + "/test", key, "");

        receiver.await(fast, 1);
        long waited = Duration.between(sent, Instant.now()).toSeconds();
        assertTrue(waited < 8, "the fast receiver waited for the slow one");
        // The slow receiver answers after 20 s: until then the lane (WEBHOOKS_ENDPOINT_CONCURRENCY) is all it gets.
        assertEquals(lane, receiver.at(slow).size(), "deliveries in flight to one endpoint");
    }

    /**
     * W1, W3: an endpoint re-pointed while its claimed deliveries wait behind a slow receiver. Those on the wire finish
     * at the old URL; every other goes to the new one, signed, each tried once (handed back untried, none counts as a
     * failed try). Broken once: the four in the backlog went to the old URL as its lanes freed, 8 s later.
     */
    @Test
    void aRepointedEndpointsClaimedDeliveriesGoToTheNewUrlOnly() {
        String old = receiver.slowPath(200, Duration.ofSeconds(8));
        String moved = receiver.path(200);
        JsonObject endpoint = create(old, "[\"*\"]").json();
        String id = endpoint.getString("id");
        int lane = claimedBehindASlowReceiver(id, old);

        Api.Answer repointed = api.patch(ENDPOINTS + "/" + id, key, "{\"url\":\"" + receiver.url(moved) + "\"}");
        assertEquals(200, repointed.status(), repointed.body());

        for (WebhookReceiver.Received delivery : receiver.await(moved, 4)) {
            DeliveryCheck.verify(delivery, "webhook.test", List.of(endpoint.getString("secret")));
        }
        eventually(() -> deliveries(id, "succeeded").size() == lane + 4);
        assertEquals(lane, receiver.at(old).size(), "only the deliveries on the wire reached the old URL");
        assertTrue(deliveries(id, "succeeded").stream().allMatch(d -> d.getInt("attempt_count") == 1));
    }

    /**
     * W1: a rotation without overlap, while claimed deliveries wait behind a slow receiver: none of them is signed with
     * the secret rotated away, only with the new one (broken once: the four in the backlog carried the old signature
     * alone).
     */
    @Test
    void aRotatedAwaySecretSignsNoClaimedDeliveryNotYetOnTheWire() {
        String path = receiver.slowPath(200, Duration.ofSeconds(8));
        String id = create(path, "[\"*\"]").json().getString("id");
        int lane = claimedBehindASlowReceiver(id, path);

        Api.Answer rotated = api.post(ENDPOINTS + "/" + id + "/rotate-secret", key, "{\"overlap_hours\":0}");
        assertEquals(200, rotated.status(), rotated.body());
        receiver.hurry(path);

        List<WebhookReceiver.Received> got = receiver.await(path, lane + 4);
        for (WebhookReceiver.Received delivery : got.subList(lane, got.size())) {
            DeliveryCheck.verify(delivery, "webhook.test", List.of(rotated.json().getString("secret")));
        }
    }

    /**
     * W3: an endpoint disabled while claimed deliveries wait behind a slow receiver: none of them is sent; they are
     * held, with no attempt counted (broken once: all seven reached the receiver).
     */
    @Test
    void aDisabledEndpointsClaimedDeliveriesAreHeldNotSent() {
        String path = receiver.slowPath(200, Duration.ofSeconds(8));
        String id = create(path, "[\"*\"]").json().getString("id");
        int lane = claimedBehindASlowReceiver(id, path);

        assertEquals(200, api.patch(ENDPOINTS + "/" + id, key, "{\"enabled\":false}").status());

        eventually(() -> deliveries(id, "held").size() == 4);
        assertTrue(deliveries(id, "held").stream().allMatch(d -> d.getInt("attempt_count") == 0));
        eventually(() -> deliveries(id, "succeeded").size() == lane);
        assertEquals(lane, receiver.at(path).size(), "only the deliveries on the wire were sent");
    }

    /**
     * Queues four test events more than the endpoint's lanes while it is disabled, and enables it, so that one claim
     * takes them all: the lane width (answered) on the wire to the slow {@code path}, four in the endpoint's backlog.
     */
    private int claimedBehindASlowReceiver(String id, String path) {
        int lane = TestPlatform.WEBHOOK_ENDPOINT_CONCURRENCY;
        assertEquals(200, api.patch(ENDPOINTS + "/" + id, key, "{\"enabled\":false}").status());
        for (int i = 0; i < lane + 4; i++) {
            assertEquals(202, api.post(ENDPOINTS + "/" + id + "/test", key, "").status());
        }
        assertEquals(200, api.patch(ENDPOINTS + "/" + id, key, "{\"enabled\":true}").status());
        receiver.await(path, lane);
        return lane;
    }

    private List<JsonObject> deliveries(String endpointId, String status) {
        return api.get(DELIVERIES + "?endpoint_id=" + endpointId + "&status=" + status + "&limit=50", key).json()
                .getJsonArray("data").getValuesAs(JsonObject.class);
    }

    /**
     * One tenant's receivers that hang hold at most its share of the senders (WEBHOOKS_TENANT_CONCURRENCY: 6 on the
     * test server, of 16), however many endpoints it has: six endpoints three lanes wide would take 18. Another
     * tenant's delivery goes on meanwhile. Without the share the first tenant's lanes took all 16 senders and the other
     * tenant's delivery waited 20 s for one (broken once).
     */
    @Test
    void oneTenantsHangingReceiversLeaveTheOtherTenantsSendersToRunOn() {
        int share = TestPlatform.WEBHOOK_TENANT_CONCURRENCY;
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = receiver.slowPath(200, Duration.ofSeconds(20));
            assertEquals(201, create(path, "[\"end_user.created\"]").status());
            slow.add(path);
        }
        try {
            Fixtures data = new Fixtures(api, key);
            for (int i = 0; i < 4; i++) {
                data.endUser("hung-" + UUID.randomUUID());
            }
            eventually(() -> arrived(slow) >= share);
            String neighbour = Tenants.create("Neighbour").apiKey();
            String fast = receiver.path(200);
            assertEquals(201, api.post(ENDPOINTS, neighbour, "{\"url\":\"" + receiver.url(fast)
                    + "\",\"events\":[\"end_user.created\"]}").status());
            Instant sent = Instant.now();
            new Fixtures(api, neighbour).endUser("neighbour-" + UUID.randomUUID());

            receiver.await(fast, 1);
            long waited = Duration.between(sent, Instant.now()).toSeconds();
            assertTrue(waited < 8, "the other tenant's delivery waited " + waited + " s for a sender");
            // Held 20 s: until then the tenant's share is all that reached its receivers, of 24 deliveries due.
            assertEquals(share, arrived(slow), "the tenant's deliveries in flight at once");
        } finally {
            slow.forEach(receiver::hurry);
        }
    }

    private int arrived(List<String> paths) {
        return paths.stream().mapToInt(path -> receiver.at(path).size()).sum();
    }

    @Test
    void anotherTenantsEndpointsAndDeliveriesAreNotFound() {
        String path = receiver.path(200);
        String id = create(path, "[\"*\"]").json().getString("id");
        api.post(ENDPOINTS + "/" + id + "/test", key, "");
        String delivery = eventuallyOne(DELIVERIES + "?endpoint_id=" + id + "&status=succeeded").getString("id");
        String stranger = Tenants.create("Stranger").apiKey();

        assertEquals(404, api.get(ENDPOINTS + "/" + id, stranger).status());
        assertEquals(404, api.post(ENDPOINTS + "/" + id + "/test", stranger, "").status());
        assertEquals(404, api.delete(ENDPOINTS + "/" + id, stranger).status());
        assertEquals(404, api.get(DELIVERIES + "/" + delivery, stranger).status());
        assertEquals(0, api.get(DELIVERIES, stranger).json().getJsonArray("data").size());
    }

    private Api.Answer create(String path, String events) {
        return api.post(ENDPOINTS, key, "{\"url\":\"" + receiver.url(path) + "\",\"events\":" + events
                + ",\"description\":\"test receiver\"}");
    }

    private int failed(String endpointId) {
        return api.get(DELIVERIES + "?endpoint_id=" + endpointId + "&status=failed", key).json().getJsonArray("data").size();
    }

    private JsonObject eventuallyOne(String query) {
        eventually(() -> !api.get(query, key).json().getJsonArray("data").isEmpty());
        return api.get(query, key).json().getJsonArray("data").getJsonObject(0);
    }

    private static WebhookReceiver.Received find(List<WebhookReceiver.Received> received, String type) {
        return received.stream().filter(r -> type.equals(r.header("Humane-Event-Type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " delivery"));
    }

    private static void eventually(BooleanSupplier condition) {
        eventually(Duration.ofSeconds(30), condition);
    }

    private static void eventually(Duration within, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not met within 30 s");
    }
}
