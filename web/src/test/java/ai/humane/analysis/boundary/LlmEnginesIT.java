package ai.humane.analysis.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.FakeProvider.Behaviour;
import ai.humane.testing.FakeProvider;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestServer;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LLM engines against a real Chat Completions server on loopback (FakeProvider): every way a provider can
 * answer ends with each message analysed (by the provider, or by the lexicon with the fallback marked), and
 * the provider key never shows: not in answers, problems, the server log or any database column.
 */
class LlmEnginesIT extends HttpTest {

    private static final List<String> KEYS = new ArrayList<>();
    private static final FakeProvider PROVIDER = FakeProvider.shared();

    private Api api;
    private String key;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Llm").apiKey();
        tenant = new Fixtures(api, key);
    }

    /**
     * The stored provider key goes only to the origin it was given for: a new provider URL of another origin needs its
     * own key (400, nothing changed), one of the same origin keeps the key. Before, a member could point an owner's
     * engine at a server of theirs and receive the key with the next call (broken once).
     */
    @Test
    void theStoredKeyIsNeverSentToAnotherOrigin() {
        String url = PROVIDER.url(Behaviour.GOOD);
        UUID engine = llmEngine(url, providerKey());
        String elsewhere = WebhookReceiver.shared().url("/v1/chat/completions");

        Api.Answer moved = api.patch("api/v1/engines/" + engine, key, "{\"provider_url\":\"" + elsewhere + "\"}");
        assertEquals(400, moved.status(), moved.body());
        assertTrue(moved.body().contains("provider_api_key"), moved.body());
        assertEquals(url, api.get("api/v1/engines/" + engine, key).json().getString("provider_url"), "nothing changed");
        String sameOrigin = url.substring(0, url.indexOf('/', "http://".length())) + "/v1/chat/completions";
        assertEquals(200, api.patch("api/v1/engines/" + engine, key, "{\"provider_url\":\"" + sameOrigin + "\"}").status(),
                "another path of the same origin keeps the key");
        Api.Answer withKey = api.patch("api/v1/engines/" + engine, key, "{\"provider_url\":\"" + elsewhere
                + "\",\"provider_api_key\":\"" + providerKey() + "\"}");
        assertEquals(200, withKey.status(), withKey.body());
    }

    @Test
    void aGoodAnswerIsTheAnalysisAndItsTokensAreCounted() {
        String url = PROVIDER.url(Behaviour.GOOD);
        String providerKey = providerKey();
        UUID engine = llmEngine(url, providerKey);
        JsonObject created = api.get("api/v1/engines/" + engine, key).json();
        assertTrue(created.getBoolean("has_provider_api_key"));
        assertFalse(created.toString().contains(providerKey));
        UUID endUser = tenant.endUser("llm-user");
        JsonObject posted = post(endUser, engine, "It broke again and I'm angry");
        assertEquals("pending", posted.getJsonObject("analysis").getString("status"));

        JsonObject analysis = awaitAnalysed(endUser, 1).get(0);
        assertEquals("llm", analysis.getString("method"));
        assertTrue(analysis.isNull("fallback_reason"));
        assertEquals(-0.6, analysis.getJsonObject("sentiment").getJsonNumber("score").doubleValue());
        assertEquals("[\"frustration\"]", analysis.getJsonArray("flags").toString());
        FakeProvider.Received request = PROVIDER.at(url).get(0);
        assertEquals("Bearer " + providerKey, request.authorization());
        assertTrue(request.body().contains("\"json_schema\""), "the answer's schema is sent");
        JsonObject usage = api.get("api/v1/engines/" + engine + "/usage", key).json().getJsonArray("days").getJsonObject(0);
        assertEquals(321, usage.getInt("prompt_tokens"));
        assertEquals(45, usage.getInt("completion_tokens"));
        assertEquals(1, usage.getInt("requests"));
    }

    @Test
    void aSlowProviderHitsTheDeadlineAndHoldsOnlyItsOwnBulkhead() {
        String slow = PROVIDER.url(Behaviour.SLOW);
        UUID slowEngine = llmEngine(slow, providerKey());
        UUID goodEngine = llmEngine(PROVIDER.url(Behaviour.GOOD), providerKey());
        UUID slowUser = tenant.endUser("slow-user");
        UUID goodUser = tenant.endUser("good-user");
        for (int i = 0; i < 8; i++) {
            post(slowUser, slowEngine, "this is message " + i);
        }
        post(goodUser, goodEngine, "hello");
        assertEquals("llm", awaitAnalysed(goodUser, 1).get(0).getString("method"), "another engine is not held up");

        for (JsonObject analysis : awaitAnalysed(slowUser, 8)) {
            assertEquals("lexicon", analysis.getString("method"));
            assertTrue(analysis.getString("fallback_reason").startsWith("timeout"), analysis.toString());
        }
        // Each call holds its place in the bulkhead until the deadline cuts it off, so a fifth call can start only a
        // deadline after the first: never more than 4 in flight at once (the provider itself sleeps on, so its own
        // count of open requests would overstate ours). Arrivals are when the provider has read a request, which can
        // lag its start on a busy machine, so half a deadline is required: a fifth call in flight would arrive with
        // the first four, milliseconds apart.
        List<java.time.Instant> arrivals = PROVIDER.at(slow).stream().map(FakeProvider.Received::at).sorted().toList();
        for (int i = 4; i < arrivals.size(); i++) {
            long apart = java.time.Duration.between(arrivals.get(i - 4), arrivals.get(i)).toMillis();
            assertTrue(apart >= FakeProvider.DEADLINE_SECONDS * 1000L / 2, "call " + i + " started " + apart
                    + " ms after call " + (i - 4) + ": more than 4 in flight");
        }
        assertEquals(8, PROVIDER.at(slow).size(), "a timeout is not retried");
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() {
        String url = PROVIDER.url(Behaviour.THROTTLED_TWICE);
        UUID engine = llmEngine(url, providerKey());
        UUID endUser = tenant.endUser("throttled");
        post(endUser, engine, "please help");
        assertEquals("llm", awaitAnalysed(endUser, 1).get(0).getString("method"));
        List<FakeProvider.Received> calls = PROVIDER.at(url);
        assertEquals(3, calls.size());
        for (int i = 1; i < 3; i++) {
            long waited = java.time.Duration.between(calls.get(i - 1).at(), calls.get(i).at()).toMillis();
            assertTrue(waited >= 900, "Retry-After: 1 is honoured, waited " + waited + " ms");
        }
        assertEquals(2, api.get("api/v1/engines/" + engine + "/usage", key).json().getJsonArray("days").getJsonObject(0)
                .getInt("failures"));
    }

    @Test
    void serverErrorsOpenTheBreakerAndEveryMessageFallsBackToTheLexicon() {
        String url = PROVIDER.url(Behaviour.FAILING);
        UUID engine = llmEngine(url, providerKey());
        UUID endUser = tenant.endUser("failing");
        for (int i = 0; i < 12; i++) {
            post(endUser, engine, "I love it " + i);
        }
        List<JsonObject> analyses = awaitAnalysed(endUser, 12);
        analyses.forEach(a -> assertEquals("lexicon", a.getString("method")));
        analyses.forEach(a -> assertEquals("positive", a.getJsonObject("sentiment").getString("label")));
        assertTrue(analyses.stream().anyMatch(a -> a.getString("fallback_reason").contains("circuit breaker is open")),
                analyses.toString());
        assertTrue(PROVIDER.at(url).size() < 12 * 3, "the open breaker spared the provider: " + PROVIDER.at(url).size());
    }

    @Test
    void malformedSchemaViolatingHugeAndRedirectedAnswersFallBack() {
        assertFallsBack(Behaviour.MALFORMED, "malformed JSON");
        assertFallsBack(Behaviour.AGAINST_SCHEMA, "violates the answer schema");
        assertFallsBack(Behaviour.HUGE, "larger than 10485760 bytes");
        assertFallsBack(Behaviour.REDIRECT_TO_METADATA, "provider URL refused: redirect refused: host is a link-local (cloud metadata) address");
        // Names the provider made up are not repeated, and the reason fits its column: before, a reason longer than
        // 200 characters could not be stored, and the analysis was claimed and called again every lease (broken once).
        assertFallsBack(Behaviour.LONG_UNKNOWN_NAMES, "violates the answer schema: / has a property the schema does not allow");
    }

    @Test
    void aProviderUrlTheGuardRefusesIsNeverStoredNorIsTheKeyShown() {
        String providerKey = providerKey();
        Api.Answer refused = api.post("api/v1/engines", key, "{\"name\":\"L\",\"kind\":\"llm\",\"provider_url\":"
                + "\"http://169.254.169.254/v1/chat/completions\",\"provider_api_key\":\"" + providerKey + "\"}");
        assertEquals(400, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/url-not-allowed", refused.problemType());
        assertFalse(refused.body().contains(providerKey));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM engines WHERE provider_url LIKE '%169.254%'"));
    }

    @AfterAll
    static void noProviderKeyLeaked() throws Exception {
        String log = Files.readString(TestServer.log());
        for (String providerKey : KEYS) {
            assertFalse(log.contains(providerKey), "the provider key is in the server log");
            assertEquals("0", Rows.single("""
                    SELECT count(*)::text FROM (
                      SELECT to_jsonb(t)::text AS row FROM engines t UNION ALL SELECT to_jsonb(t)::text FROM message_analyses t
                      UNION ALL SELECT to_jsonb(t)::text FROM webhook_events t UNION ALL SELECT to_jsonb(t)::text FROM engine_usage t
                      UNION ALL SELECT to_jsonb(t)::text FROM conversation_messages t UNION ALL SELECT to_jsonb(t)::text FROM idempotency_keys t
                    ) rows WHERE row LIKE '%' || ? || '%'""", providerKey), "the provider key is in the database in clear");
        }
    }

    private void assertFallsBack(Behaviour behaviour, String reason) {
        UUID engine = llmEngine(PROVIDER.url(behaviour), providerKey());
        UUID endUser = tenant.endUser("fallback-" + behaviour);
        post(endUser, engine, "thanks, that was great");
        JsonObject analysis = awaitAnalysed(endUser, 1).get(0);
        assertEquals("lexicon", analysis.getString("method"), behaviour.toString());
        assertTrue(analysis.getString("fallback_reason").contains(reason), analysis.getString("fallback_reason"));
        assertFalse(analysis.getString("fallback_reason").contains(FakeProvider.LONG_NAME), analysis.getString("fallback_reason"));
        assertTrue(analysis.getString("fallback_reason").length() <= 200, analysis.getString("fallback_reason"));
        assertEquals("positive", analysis.getJsonObject("sentiment").getString("label"));
    }

    private static String providerKey() {
        String providerKey = "sk-test-" + UUID.randomUUID();
        KEYS.add(providerKey);
        return providerKey;
    }

    private UUID llmEngine(String url, String providerKey) {
        Api.Answer created = api.post("api/v1/engines", key, "{\"name\":\"LLM\",\"kind\":\"llm\",\"config\":{\"model\":"
                + "\"test-model\"},\"provider_url\":\"" + url + "\",\"provider_api_key\":\"" + providerKey + "\"}");
        assertEquals(201, created.status(), created.body());
        assertFalse(created.body().contains(providerKey));
        return UUID.fromString(created.json().getString("id"));
    }

    private JsonObject post(UUID endUser, UUID engine, String content) {
        Api.Answer posted = api.post("api/v1/end-users/" + endUser + "/messages", key,
                "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + content + "\"}");
        assertEquals(201, posted.status(), posted.body());
        return posted.json();
    }

    /** Waits until {@code count} messages of the end user are analysed; answers their analyses. */
    private List<JsonObject> awaitAnalysed(UUID endUser, int count) {
        List<JsonObject> done = new ArrayList<>();
        Eventually.until(count + " analyses of " + endUser, () -> {
            done.clear();
            api.get("api/v1/end-users/" + endUser + "/messages?limit=200", key).json().getJsonArray("data").stream()
                    .map(m -> m.asJsonObject().getJsonObject("analysis"))
                    .filter(a -> !List.of("pending", "running").contains(a.getString("status"))).forEach(done::add);
            return done.size() >= count;
        });
        return done;
    }
}
