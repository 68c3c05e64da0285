package ai.humane.analysis.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestServer;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lexicon's analysis is in the 201, its events reach a real receiver without the message text, and the
 * end user's profile follows at once; bad, foreign and unauthenticated requests are refused and store nothing.
 */
class AnalysisIT extends HttpTest {

    private final WebhookReceiver receiver = WebhookReceiver.shared();
    private Api api;
    private String key;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Analysis").apiKey();
        tenant = new Fixtures(api, key);
    }

    @Test
    void theLexiconAnalysisIsInTheCreatedAnswer() {
        UUID engine = tenant.engine("lexicon");
        UUID endUser = tenant.endUser("talker");
        Api.Answer posted = post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":"
                + "\"I am not happy, please cancel my subscription\"}");
        assertEquals(201, posted.status(), posted.body());
        JsonObject analysis = posted.json().getJsonObject("analysis");
        assertEquals("completed", analysis.getString("status"));
        assertEquals("lexicon", analysis.getString("method"));
        assertEquals("negative", analysis.getJsonObject("sentiment").getString("label"));
        assertTrue(analysis.getJsonObject("sentiment").getJsonNumber("score").doubleValue() < 0);
        assertEquals("[\"cancellation_intent\"]", analysis.getJsonArray("flags").toString());
        assertEquals("en", analysis.getString("language"));
        assertEquals(6, analysis.getJsonObject("emotions").size());
        assertEquals(engine.toString(), posted.json().getString("engine_id"));
        assertTrue(posted.json().isNull("experiment_id"));
        JsonObject listed = api.get("api/v1/end-users/" + endUser + "/messages", key).json().getJsonArray("data").getJsonObject(0);
        assertEquals(analysis, listed.getJsonObject("analysis"));
    }

    @Test
    void eventsCarryScoresAndFlagsButNeverTheMessage() {
        String path = receiver.path(200);
        Api.Answer endpoint = api.post("api/v1/webhooks/endpoints", key, "{\"url\":\"" + receiver.url(path)
                + "\",\"events\":[\"message.analyzed\",\"end_user.flagged\"]}");
        assertEquals(201, endpoint.status(), endpoint.body());
        UUID engine = tenant.engine("lexicon");
        UUID endUser = tenant.endUser("flagged");
        String secretWords = "my card is 4111 1111 1111 1111 and I want to end my life";
        assertEquals(201, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + secretWords
                + "\"}").status());
        List<WebhookReceiver.Received> received = receiver.await(path, 2);
        for (WebhookReceiver.Received delivery : received) {
            String body = new String(delivery.body(), StandardCharsets.UTF_8);
            assertFalse(body.contains("4111"), body);
            assertFalse(body.contains("end my life"), body);
        }
        JsonObject flagged = received.stream().map(r -> read(r.body())).filter(b -> b.getString("type").equals("end_user.flagged"))
                .findFirst().orElseThrow().getJsonObject("data");
        assertEquals(endUser.toString(), flagged.getString("end_user_id"));
        assertEquals("[\"crisis\",\"personal_data.card\"]", flagged.getJsonArray("flags").toString());
        JsonObject analysed = received.stream().map(r -> read(r.body())).filter(b -> b.getString("type").equals("message.analyzed"))
                .findFirst().orElseThrow().getJsonObject("data");
        assertEquals("lexicon", analysed.getString("method"));
        assertTrue(analysed.containsKey("sentiment"));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM webhook_events WHERE payload::text LIKE '%1111 1111%'"));
    }

    @Test
    void messageContentNeverReachesTheServerLog() throws Exception {
        UUID engine = tenant.engine("lexicon");
        UUID endUser = tenant.endUser("quiet");
        String marker = "zqxmarker" + UUID.randomUUID().toString().replace("-", "");
        assertEquals(201, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + marker + "\"}").status());
        assertEquals(400, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"robot\",\"content\":\"" + marker + "\"}").status());
        assertFalse(Files.readString(TestServer.log()).contains(marker));
    }

    @Test
    void theProfileFollowsEveryMessage() {
        UUID engine = tenant.engine("lexicon");
        UUID endUser = tenant.endUser("profiled");
        JsonObject empty = api.get("api/v1/end-users/" + endUser + "/profile", key).json();
        assertEquals(0, empty.getJsonObject("messages").getInt("total"));
        assertTrue(empty.getJsonObject("sentiment").getJsonObject("last_seven_days").isNull("mean"));
        for (String text : List.of("I love this, it is great", "This is terrible, talk to a human", "thanks")) {
            assertEquals(201, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + text + "\"}").status());
        }
        JsonObject profile = api.get("api/v1/end-users/" + endUser + "/profile", key).json();
        assertEquals(endUser.toString(), profile.getString("end_user_id"));
        assertEquals(3, profile.getJsonObject("messages").getInt("total"));
        assertEquals(3, profile.getJsonObject("messages").getInt("last_seven_days"));
        assertEquals(3, profile.getJsonObject("sentiment").getJsonObject("last_thirty_days").getInt("analysed"));
        assertEquals(1, profile.getJsonObject("flags").getInt("human_request"));
        assertEquals(1, profile.getInt("flagged_messages"));
        assertFalse(profile.isNull("last_active_at"));
        double shares = profile.getJsonObject("emotions").values().stream()
                .mapToDouble(v -> ((jakarta.json.JsonNumber) v).doubleValue()).sum();
        assertEquals(1.0, shares, 0.001);
    }

    @Test
    void badForeignAndAnonymousRequestsAreRefusedAndStoreNothing() {
        UUID engine = tenant.engine("lexicon");
        UUID endUser = tenant.endUser("guarded");
        String path = "api/v1/end-users/" + endUser;
        assertEquals(400, post(endUser, "{\"role\":\"user\",\"content\":\"no engine\"}").status());
        assertEquals(400, post(endUser, "{\"engine_id\":\"" + engine + "\",\"experiment_id\":\"" + UUID.randomUUID()
                + "\",\"role\":\"user\",\"content\":\"both\"}").status());
        assertEquals(400, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"x\",\"analysis\":{}}").status());
        assertEquals(400, post(endUser, "{\"engine_id\":\"not-a-uuid\",\"role\":\"user\",\"content\":\"x\"}").status());
        assertEquals(400, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + "x".repeat(32769) + "\"}").status());
        assertEquals(413, post(endUser, "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}").status());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM conversation_messages WHERE end_user_id = ?", endUser));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM message_analyses WHERE end_user_id = ?", endUser));
        assertEquals(401, api.get(path + "/profile", null).status());
        assertEquals(401, api.get("api/v1/engines/" + engine + "/usage", null).status());
        assertEquals(400, api.get("api/v1/engines/" + engine + "/usage?days=91", key).status());

        Fixtures other = new Fixtures(api, Tenants.create("Other").apiKey());
        UUID foreignUser = other.endUser("theirs");
        UUID foreignEngine = other.engine("theirs");
        assertEquals(404, api.get("api/v1/end-users/" + foreignUser + "/profile", key).status());
        assertEquals(404, api.get("api/v1/engines/" + foreignEngine + "/usage", key).status());
        assertEquals(404, api.get("api/v1/end-users/" + UUID.randomUUID() + "/profile", key).status());
        Api.Answer foreign = post(endUser, "{\"engine_id\":\"" + foreignEngine + "\",\"role\":\"user\",\"content\":\"x\"}");
        assertEquals(400, foreign.status(), foreign.body());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM message_analyses WHERE engine_id = ?", foreignEngine));
    }

    private Api.Answer post(UUID endUser, String json) {
        return api.post("api/v1/end-users/" + endUser + "/messages", key, json);
    }

    private static JsonObject read(byte[] body) {
        try (var reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }
}
