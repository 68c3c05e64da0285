package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * W2 over HTTP: signed inbound events are stored once, known by their signed id; bad, stale and replayed ones are
 * refused and leave nothing.
 */
class InboundIT extends HttpTest {

    private Api api;
    private String key;
    private UUID engine;
    private String secret;

    @BeforeEach
    void engineWithSecret() {
        api = new Api(deployment);
        key = Tenants.create("Inbound").apiKey();
        engine = new Fixtures(api, key).engine("inbound");
        Api.Answer issued = api.post(path("secret"), key, "{}");
        assertEquals(200, issued.status(), issued.body());
        secret = issued.json().getString("secret");
    }

    @Test
    void aSignedEventIsStoredAndItsReplayIsRefused() {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"type\":\"crm.contact\",\"data\":{\"n\":1}}";
        long now = Instant.now().getEpochSecond();

        Api.Answer accepted = send(body, id, signature(secret, now, body));
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals(id, accepted.json().getString("event_id"));
        Api.Answer replay = send(body, id, signature(secret, now, body));
        assertEquals(409, replay.status(), replay.body());
        assertEquals(1, stored(id));
    }

    /**
     * Humane-Event-Id is outside the signature: a captured request replayed with a new value in it is still the
     * same signed event, known by the body's id, and answers what any duplicate answers.
     */
    @Test
    void aReplayWithAnotherEventIdHeaderStoresNothingNew() {
        String id = "evt_" + UUID.randomUUID();
        String body = "{\"id\":\"" + id + "\",\"type\":\"crm.contact\"}";
        String signature = signature(secret, Instant.now().getEpochSecond(), body);

        assertEquals(202, send(body, "header-1", signature).status());
        Api.Answer replay = send(body, "header-2", signature);
        assertEquals(409, replay.status(), replay.body());
        assertEquals("https://humane.ai/problems/conflict", replay.problemType());
        Api.Answer resigned = send(body, null, signature(secret, Instant.now().getEpochSecond() + 1, body));
        assertEquals(409, resigned.status(), resigned.body());
        assertEquals(1, Integer.parseInt(Rows.single("SELECT count(*)::text FROM inbound_events WHERE engine_id = ?", engine)));
        assertEquals(1, stored(id));
    }

    @Test
    void aSignedEventWithoutAnIdOrWithLaxJsonIsRefusedAndNothingIsStored() {
        long now = Instant.now().getEpochSecond();
        for (String body : new String[] {"{\"type\":\"crm.contact\"}", "{\"id\":\"\"}", "{\"id\":42}",
                "{\"id\":\"" + "x".repeat(256) + "\"}"}) {
            Api.Answer refused = send(body, "h", signature(secret, now, body));
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertEquals("https://humane.ai/problems/validation", refused.problemType(), body);
            assertEquals("id", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"), body);
        }
        for (String body : new String[] {"{\"id\":\"a\",\"i\\u0064\":\"b\"}", "{\"id\":\"a\"} {}", "[\"a\"]",
                "{\"id\":\"a\",\"n\":\"\\u0000\"}"}) {
            Api.Answer refused = send(body, "h", signature(secret, now, body));
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertEquals("https://humane.ai/problems/malformed-json", refused.problemType(), body);
        }
        assertEquals("0", Rows.single("SELECT count(*)::text FROM inbound_events WHERE engine_id = ?", engine));
    }

    @Test
    void badStaleOrMissingSignaturesAreRefusedAndNothingIsStored() {
        long now = Instant.now().getEpochSecond();
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"type\":\"crm.contact\"}";

        assertRefused(send(body, id, signature(secret, now, "{\"id\":\"" + id + "\",\"type\":\"other\"}")));
        assertRefused(send(body, id, signature("whsec_" + "A".repeat(43) + "=", now, body)));
        assertRefused(send(body, id, signature(secret, now - 400, body)));
        assertRefused(send(body, id, null));
        assertRefused(send(body, id, "t=" + now));
        assertEquals(0, stored(id));
    }

    @Test
    void oversizedAndOtherTenantsSignedEventsAreRefused() {
        String big = "{\"id\":\"big\",\"pad\":\"" + "p".repeat(1024 * 1024) + "\"}";
        Api.Answer oversized = send(big, null, signature(secret, Instant.now().getEpochSecond(), big));
        assertEquals(413, oversized.status(), oversized.toString());
        String otherKey = Tenants.create("OtherInbound").apiKey();
        UUID otherEngine = new Fixtures(api, otherKey).engine("other");
        String otherSecret = api.post("api/v1/inbound/" + otherEngine + "/secret", otherKey, "{}").json().getString("secret");
        String body = "{\"id\":\"cross-1\"}";
        assertRefused(send(body, null, signature(otherSecret, Instant.now().getEpochSecond(), body)));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM inbound_events WHERE engine_id = ?", engine));
    }

    @Test
    void anUnknownEngineIsRefusedLikeABadSignature() {
        String body = "{}";
        long now = Instant.now().getEpochSecond();
        // Whatever is sent, an engine that does not exist answers what this one answers: nothing tells them apart.
        String[] signatures = {null, "t=0,v1=0", "v1=00", "t=" + (now - 3_600) + ",v1=00", "t=" + now + ",v1=00",
            signature("whsec_notTheEnginesSecret", now, body)};
        UUID known = engine;
        for (String signature : signatures) {
            engine = known;
            Api.Answer ofKnown = send(body, "x-1", signature);
            engine = UUID.randomUUID();
            Api.Answer ofUnknown = send(body, "x-1", signature);
            assertRefused(ofKnown);
            assertRefused(ofUnknown);
            assertEquals(ofKnown.json().getString("detail"), ofUnknown.json().getString("detail"), signature);
        }
        // Nor does the known engine's good signature sent to an id that does not exist.
        assertRefused(send(body, "x-1", signature(secret, now, body)));
    }

    @Test
    void afterARotationTheOldSecretIsAcceptedDuringTheOverlap() {
        String old = secret;
        String fresh = api.post(path("secret"), key, "{\"overlap_hours\":1}").json().getString("secret");
        long now = Instant.now().getEpochSecond();
        String first = "{\"id\":\"old-1\",\"n\":2}";
        String second = "{\"id\":\"new-1\",\"n\":2}";
        assertEquals(202, send(first, null, signature(old, now, first)).status());
        assertEquals(202, send(second, null, signature(fresh, now, second)).status());
        String other = Tenants.create("Other").apiKey();
        assertEquals(404, api.post(path("secret"), other, "{}").status(), "another tenant's engine");
    }

    private void assertRefused(Api.Answer answer) {
        assertEquals(401, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/invalid-signature", answer.problemType());
    }

    private Api.Answer send(String body, String eventId, String signature) {
        HttpRequest.Builder request = api.request(path("events"), null)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (eventId != null) {
            request.header("Humane-Event-Id", eventId);
        }
        if (signature != null) {
            request.header("Humane-Signature", signature);
        }
        return api.send(request);
    }

    private int stored(String eventId) {
        return Integer.parseInt(Rows.single("SELECT count(*)::text FROM inbound_events WHERE engine_id = ? AND event_id = ?",
                engine, eventId));
    }

    private String path(String tail) {
        return "api/v1/inbound/" + engine + "/" + tail;
    }

    /** Written from api.md: t=<unix seconds>,v1=<hex HMAC-SHA256(secret as written, "<t>.<raw body>")>. */
    private static String signature(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
