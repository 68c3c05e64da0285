package ai.humane.analysis.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages through a running experiment go to the end user's sticky variant; results say "not enough data"
 * until each variant has the minimum sample, then give means, rates and tests; another tenant's experiment
 * is a 404 and its engines cannot be variants.
 */
class ExperimentResultsIT extends HttpTest {

    private Api api;
    private String key;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Experiments").apiKey();
        tenant = new Fixtures(api, key);
    }

    @Test
    void messagesFollowTheStickyVariantAndResultsAppearAtTheMinimumSample() {
        UUID experiment = tenant.experiment("Tone", tenant.engine("a"), tenant.engine("b"));
        UUID early = tenant.endUser("early");
        assertEquals(409, post(early, experiment, "too early").status(), "a draft takes no messages");
        assertEquals(200, api.patch("api/v1/experiments/" + experiment, key, "{\"status\":\"running\"}").status());
        assertEquals(409, api.patch("api/v1/experiments/" + experiment, key, "{\"status\":\"draft\"}").status());

        Map<String, Integer> users = new HashMap<>();
        int created = 0;
        while ((users.getOrDefault("a", 0) < 8 || users.getOrDefault("b", 0) < 8) && created < 60) {
            UUID endUser = tenant.endUser("user-" + created++);
            String variant = null;
            for (int i = 0; i < 4; i++) {
                Api.Answer posted = post(endUser, experiment, i % 2 == 0 ? "I love it, great" : "awful and slow, I hate it");
                assertEquals(201, posted.status(), posted.body());
                String now = posted.json().getString("variant");
                assertTrue(variant == null || variant.equals(now), "the variant is sticky");
                variant = now;
            }
            users.merge(variant, 1, Integer::sum);
            if (created == 2) {
                JsonObject partial = results(experiment);
                assertEquals("not_enough_data", partial.getJsonArray("comparisons").getJsonObject(0).getString("sentiment_status"));
                assertTrue(partial.getJsonArray("variants").getJsonObject(0).isNull("sentiment")
                        || partial.getJsonArray("variants").getJsonObject(1).isNull("sentiment"));
            }
        }
        JsonObject results = results(experiment);
        assertEquals(30, results.getInt("min_sample"));
        long messages = 0;
        for (var v : results.getJsonArray("variants")) {
            JsonObject variant = v.asJsonObject();
            assertEquals(users.get(variant.getString("name")).intValue(), variant.getInt("end_users"));
            assertEquals(4 * variant.getInt("end_users"), variant.getInt("messages"));
            JsonObject sentiment = variant.getJsonObject("sentiment");
            assertTrue(sentiment.getJsonNumber("ci_low").doubleValue() <= sentiment.getJsonNumber("value").doubleValue());
            assertTrue(sentiment.getJsonNumber("ci_high").doubleValue() >= sentiment.getJsonNumber("value").doubleValue());
            messages += variant.getInt("messages");
        }
        assertEquals(String.valueOf(messages), Rows.single(
                "SELECT count(*)::text FROM message_analyses WHERE experiment_id = ? AND status = 'completed'", experiment));
        JsonObject comparison = results.getJsonArray("comparisons").getJsonObject(0);
        assertEquals("tested", comparison.getString("sentiment_status"));
        double p = comparison.getJsonObject("sentiment").getJsonNumber("p_value").doubleValue();
        assertTrue(p >= 0 && p <= 1);
        assertEquals("no_variation", comparison.getString("flag_rate_status"), "no message raised a flag");

        assertEquals(200, api.patch("api/v1/experiments/" + experiment, key, "{\"status\":\"stopped\"}").status());
        assertEquals(409, post(early, experiment, "too late").status(), "a stopped experiment takes no messages");
    }

    @Test
    void anotherTenantsExperimentAndEnginesAreOutOfReach() {
        Fixtures other = new Fixtures(api, Tenants.create("Rival").apiKey());
        UUID theirs = other.experiment("Theirs", other.engine("x"), other.engine("y"));
        assertEquals(404, api.get("api/v1/experiments/" + theirs + "/results", key).status());
        assertEquals(404, api.get("api/v1/experiments/" + UUID.randomUUID() + "/results", key).status());
        assertEquals(401, api.get("api/v1/experiments/" + theirs + "/results", null).status());
        UUID endUser = tenant.endUser("mine");
        Api.Answer posted = post(endUser, theirs, "hello");
        assertEquals(400, posted.status(), posted.body());
        assertEquals(400, api.post("api/v1/experiments", key, "{\"name\":\"x\",\"variants\":[{\"name\":\"a\",\"engine_id\":\""
                + tenant.engine("mine") + "\",\"weight\":1},{\"name\":\"b\",\"engine_id\":\"" + other.engine("theirs")
                + "\",\"weight\":1}]}").status());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM conversation_messages WHERE end_user_id = ?", endUser));
    }

    private Api.Answer post(UUID endUser, UUID experiment, String content) {
        return api.post("api/v1/end-users/" + endUser + "/messages", key, "{\"experiment_id\":\"" + experiment
                + "\",\"role\":\"user\",\"content\":\"" + content + "\"}");
    }

    private JsonObject results(UUID experiment) {
        Api.Answer answer = api.get("api/v1/experiments/" + experiment + "/results", key);
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }
}
