package ai.humane.tenancy.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * T1 over HTTP: tenant A reaching for tenant B's objects by id gets 404 on every endpoint, exactly
 * as for an id that does not exist, and B's rows stay as they were in the database.
 */
class TenantIsolationIT extends HttpTest {

    private Api api;
    private String keyOfA;
    private Fixtures a;
    private Fixtures b;

    @BeforeEach
    void twoTenants() {
        api = new Api(deployment);
        Provisioned tenantA = Tenants.create("Alpha");
        Provisioned tenantB = Tenants.create("Beta");
        keyOfA = tenantA.apiKey();
        a = new Fixtures(api, keyOfA);
        b = new Fixtures(api, tenantB.apiKey());
    }

    @Test
    void anotherTenantsEngineIsNotFoundAndStaysUnchanged() {
        UUID engine = b.engine("B's engine");
        assertUntouchable("engines", engine, "api/v1/engines/" + engine, "{\"name\":\"taken over\"}", true);
    }

    @Test
    void anotherTenantsEndUserIsNotFoundAndStaysUnchanged() {
        UUID endUser = b.endUser("b-user");
        assertUntouchable("end_users", endUser, "api/v1/end-users/" + endUser, "{\"traits\":{\"owned\":\"by A\"}}", true);
    }

    @Test
    void anotherTenantsExperimentIsNotFoundAndStaysUnchanged() {
        UUID experiment = b.experiment("B's test", b.engine("e1"), b.engine("e2"));
        // Experiments have no DELETE (api.md): 405 for everyone, so it reveals nothing either.
        assertUntouchable("experiments", experiment, "api/v1/experiments/" + experiment, "{\"status\":\"stopped\"}", false);
    }

    @Test
    void anotherTenantsMessagesCannotBeReadOrWritten() {
        UUID engineOfB = b.engine("e");
        UUID endUserOfB = b.endUser("b-user");
        UUID message = b.message(endUserOfB, engineOfB, "hello");
        String before = Rows.row("conversation_messages", message);

        assertNotFound(api.get("api/v1/end-users/" + endUserOfB + "/messages", keyOfA));
        assertNotFound(api.post("api/v1/end-users/" + endUserOfB + "/messages", keyOfA,
                "{\"engine_id\":\"" + engineOfB + "\",\"role\":\"user\",\"content\":\"injected\"}"));
        assertEquals(before, Rows.row("conversation_messages", message));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM conversation_messages WHERE end_user_id = ?", endUserOfB));
    }

    @Test
    void anotherTenantsEngineCannotBeReferenced() {
        UUID engineOfB = b.engine("e");
        UUID endUserOfA = a.endUser("a-user");
        Api.Answer message = api.post("api/v1/end-users/" + endUserOfA + "/messages", keyOfA,
                "{\"engine_id\":\"" + engineOfB + "\",\"role\":\"user\",\"content\":\"hi\"}");
        assertEquals(400, message.status(), message.body());
        Api.Answer experiment = api.post("api/v1/experiments", keyOfA, "{\"name\":\"x\",\"variants\":["
                + "{\"name\":\"a\",\"engine_id\":\"" + engineOfB + "\",\"weight\":1},"
                + "{\"name\":\"b\",\"engine_id\":\"" + a.engine("mine") + "\",\"weight\":1}]}");
        assertEquals(400, experiment.status(), experiment.body());
    }

    @Test
    void anotherTenantsApiKeyCannotBeRevoked() {
        UUID keyOfB = b.apiKeyId("[\"read\"]");
        String before = Rows.row("api_keys", keyOfB);
        assertNotFound(api.delete("api/v1/api-keys/" + keyOfB, keyOfA));
        assertEquals(before, Rows.row("api_keys", keyOfB));
    }

    @Test
    void listsShowOnlyTheCallersOwnObjects() {
        UUID engineOfB = b.engine("hidden");
        UUID endUserOfB = b.endUser("hidden");
        UUID experimentOfB = b.experiment("hidden", engineOfB, b.engine("other"));
        UUID keyOfB = b.apiKeyId("[\"read\"]");
        a.engine("visible");
        for (String list : List.of("api/v1/engines", "api/v1/end-users", "api/v1/experiments", "api/v1/api-keys")) {
            Api.Answer answer = api.get(list + "?limit=200", keyOfA);
            assertEquals(200, answer.status(), answer.body());
            for (UUID foreign : List.of(engineOfB, endUserOfB, experimentOfB, keyOfB)) {
                assertFalse(answer.body().contains(foreign.toString()), list + " leaked " + foreign);
            }
        }
    }

    private void assertUntouchable(String table, UUID id, String path, String patch, boolean deletable) {
        String before = Rows.row(table, id);
        assertNotNull(before);
        String unknown = path.replace(id.toString(), UUID.randomUUID().toString());
        List<Supplier<Api.Answer>> attempts = new java.util.ArrayList<>(List.of(
                () -> api.get(path, keyOfA),
                () -> api.patch(path, keyOfA, patch),
                () -> api.get(unknown, keyOfA)));
        if (deletable) {
            attempts.add(() -> api.delete(path, keyOfA));
        }
        assertAll(attempts.stream().map(attempt -> () -> assertNotFound(attempt.get())));
        assertEquals(before, Rows.row(table, id), "the row must be left exactly as it was");
    }

    private static void assertNotFound(Api.Answer answer) {
        assertEquals(404, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertEquals("https://humane.ai/problems/not-found", answer.problemType());
    }
}
