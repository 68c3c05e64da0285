package ai.humane.experiments.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of an experiment over HTTP: variants freeze once it runs and states never skip or go back; a
 * change waits for the experiment's row lock and decides on what the change before it left; a message
 * waits for a stop being decided; an engine a draft or running experiment names cannot be deleted, and a
 * draft whose engine is gone does not start; a blank name is refused on PATCH as on create.
 * <p>
 * The lock tests hold the row in a transaction of the superuser's, the way a concurrent request would, and
 * let it go once PostgreSQL shows the request waiting for that lock (Rows.waitingOn).
 */
class ExperimentsIT extends HttpTest {

    private static final String EXPERIMENTS = "api/v1/experiments/";

    private final ExecutorService requests = Executors.newSingleThreadExecutor();
    private Api api;
    private String key;
    private Fixtures tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        key = Tenants.create("Lifecycle").apiKey();
        tenant = new Fixtures(api, key);
    }

    @AfterEach
    void stop() {
        requests.shutdownNow();
    }

    @Test
    void variantsFreezeOnceRunningAndADraftCannotBeStoppedStraightAway() {
        UUID a = tenant.engine("a");
        UUID b = tenant.engine("b");
        UUID experiment = tenant.experiment("Frozen", a, b);
        String drafted = variants(experiment);

        assertConflict(patch(experiment, "{\"status\":\"stopped\"}"));
        assertEquals("draft", status(experiment), "a draft never ran, so it cannot be stopped");

        assertEquals(200, patch(experiment, "{\"status\":\"running\"}").status());
        assertConflict(patch(experiment, variantsBody(b, a)));
        assertEquals(drafted, variants(experiment), "variants of a running experiment stay as they were");

        assertEquals(200, patch(experiment, "{\"status\":\"stopped\"}").status());
        assertConflict(patch(experiment, variantsBody(b, a)));
        assertConflict(patch(experiment, "{\"status\":\"running\"}"));
        assertEquals(drafted, variants(experiment), "and of a stopped one");
        assertEquals("stopped", status(experiment));
    }

    @Test
    void aChangeWaitsForTheRowAndDecidesOnWhatTheChangeBeforeItLeft() throws Exception {
        UUID a = tenant.engine("a");
        UUID b = tenant.engine("b");
        UUID experiment = tenant.experiment("Raced", a, b);
        String drafted = variants(experiment);
        Api.Answer changed;
        try (Connection other = TestPlatform.superuser()) {
            other.setAutoCommit(false);
            // Another PATCH starting the run, still uncommitted.
            Rows.execute(other, "UPDATE experiments SET status = 'running' WHERE id = ?", experiment);
            Future<Api.Answer> patch = requests.submit(() -> patch(experiment, variantsBody(b, a)));
            waitsOn(other);
            other.commit();
            changed = patch.get(30, TimeUnit.SECONDS);
        }
        assertConflict(changed);
        assertEquals(drafted, variants(experiment), "a running experiment keeps the variants it started with");
    }

    @Test
    void aMessageWaitsForAStopBeingDecidedAndIsThenRefused() throws Exception {
        UUID experiment = tenant.experiment("Stopping", tenant.engine("a"), tenant.engine("b"));
        assertEquals(200, patch(experiment, "{\"status\":\"running\"}").status());
        UUID endUser = tenant.endUser("late");
        Api.Answer posted;
        try (Connection other = TestPlatform.superuser()) {
            other.setAutoCommit(false);
            Rows.execute(other, "UPDATE experiments SET status = 'stopped' WHERE id = ?", experiment);
            Future<Api.Answer> message = requests.submit(() -> api.post("api/v1/end-users/" + endUser + "/messages", key,
                    "{\"experiment_id\":\"" + experiment + "\",\"role\":\"user\",\"content\":\"hello\"}"));
            waitsOn(other);
            other.commit();
            posted = message.get(30, TimeUnit.SECONDS);
        }
        assertConflict(posted);
        assertEquals("0", Rows.single("SELECT count(*)::text FROM conversation_messages WHERE experiment_id = ?",
                experiment), "no message joins a stopped experiment");
    }

    @Test
    void anEngineThatADraftOrRunningExperimentNamesCannotBeDeleted() {
        UUID a = tenant.engine("a");
        UUID b = tenant.engine("b");
        UUID experiment = tenant.experiment("Named", a, b);
        assertConflict(api.delete("api/v1/engines/" + a, key));
        assertEquals(200, patch(experiment, "{\"status\":\"running\"}").status());
        assertConflict(api.delete("api/v1/engines/" + b, key));
        assertEquals("2", Rows.single("SELECT count(*)::text FROM engines WHERE id IN (?, ?)", a, b));

        UUID endUser = tenant.endUser("served");
        for (int i = 0; i < 3; i++) {
            Api.Answer posted = api.post("api/v1/end-users/" + endUser + "/messages", key,
                    "{\"experiment_id\":\"" + experiment + "\",\"role\":\"user\",\"content\":\"hello\"}");
            assertEquals(201, posted.status(), posted.body());
        }
        assertEquals(200, patch(experiment, "{\"status\":\"stopped\"}").status());
        assertEquals(204, api.delete("api/v1/engines/" + a, key).status(), "a stopped experiment holds nothing");
    }

    @Test
    void aDraftWhoseEngineIsGoneDoesNotStartUntilItsVariantsAreMended() {
        UUID a = tenant.engine("a");
        UUID b = tenant.engine("b");
        UUID experiment = tenant.experiment("Orphaned", a, b);
        // Deleted as the API allowed before it refused: behind the API's back.
        Rows.execute("DELETE FROM engines WHERE id = ?", b);

        assertConflict(patch(experiment, "{\"status\":\"running\"}"));
        assertEquals("draft", status(experiment));

        UUID c = tenant.engine("c");
        assertEquals(200, patch(experiment, variantsBody(a, c)).status());
        assertEquals(200, patch(experiment, "{\"status\":\"running\"}").status());
    }

    @Test
    void aBlankNameIsRefusedOnPatchAsOnCreate() {
        UUID experiment = tenant.experiment("Named well", tenant.engine("a"), tenant.engine("b"));
        for (String blank : new String[] {"   ", "\\t", " \\n "}) {
            Api.Answer answer = patch(experiment, "{\"name\":\"" + blank + "\"}");
            assertEquals(400, answer.status(), answer.body());
            assertEquals("https://humane.ai/problems/validation", answer.problemType(), answer.body());
            assertEquals("name", answer.json().getJsonArray("errors").getJsonObject(0).getString("field"), answer.body());
        }
        assertEquals("Named well", Rows.single("SELECT name FROM experiments WHERE id = ?", experiment));
        assertEquals(200, patch(experiment, "{\"name\":\" Renamed \"}").status());
    }

    private Api.Answer patch(UUID experiment, String body) {
        return api.patch(EXPERIMENTS + experiment, key, body);
    }

    private static String variantsBody(UUID first, UUID second) {
        return "{\"variants\":[{\"name\":\"x\",\"engine_id\":\"" + first + "\",\"weight\":1},"
                + "{\"name\":\"y\",\"engine_id\":\"" + second + "\",\"weight\":3}]}";
    }

    private static String variants(UUID experiment) {
        return Rows.single("SELECT variants::text FROM experiments WHERE id = ?", experiment);
    }

    private static String status(UUID experiment) {
        return Rows.single("SELECT status FROM experiments WHERE id = ?", experiment);
    }

    /** Until the request waits for the lock {@code holder} holds (30 s at most). */
    private static void waitsOn(Connection holder) {
        Eventually.until("the request waits for the experiment's row lock", () -> Rows.waitingOn(holder) == 1);
    }

    private static void assertConflict(Api.Answer answer) {
        assertEquals(409, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/conflict", answer.problemType(), answer.body());
        assertTrue(answer.json().getString("detail").length() > 0, answer.body());
    }
}
