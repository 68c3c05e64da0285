package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.client.ApiClient;
import ai.humane.client.ApiException;
import ai.humane.client.api.EndUsersApi;
import ai.humane.client.api.EnginesApi;
import ai.humane.client.api.MessagesApi;
import ai.humane.client.api.SessionsApi;
import ai.humane.client.model.EndUserChange;
import ai.humane.client.model.EndUserView;
import ai.humane.client.model.EngineChange;
import ai.humane.client.model.EngineView;
import ai.humane.client.model.MessageView;
import ai.humane.client.model.NewEndUser;
import ai.humane.client.model.NewEngine;
import ai.humane.client.model.NewMessage;
import ai.humane.client.model.Problem;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Tenants;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An API consumer's view: a Java client generated from META-INF/openapi.yaml at build time (never
 * committed) calls the running API. If the document and the API disagree on a name, a type or a status,
 * the generated client fails to send or to read, and so does this test.
 */
class GeneratedClientIT extends HttpTest {

    private ApiClient client;

    @BeforeEach
    void signIn() {
        String key = Tenants.create("Generated").apiKey();
        // HTTP/1.1 as Caddy speaks to the API, on loopback whatever address the deployment URL names.
        client = new ApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)), ApiClient.createDefaultObjectMapper(),
                "http://127.0.0.1:" + deployment.getPort());
        client.setReadTimeout(Duration.ofSeconds(30));
        // The native library leaves credentials to the caller: the API key is a bearer token. On operations
        // whose success has no body (DELETE, 204) the generated client accepts application/problem+json only,
        // which the resources (@Produces JSON) answer with 406: ask for both, as the other operations do.
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key)
                .setHeader("Accept", "application/json, application/problem+json"));
    }

    @Test
    void engineLifecycleThroughTheGeneratedClient() throws ApiException {
        EnginesApi engines = new EnginesApi(client);
        EngineView created = engines.createEngine(new NewEngine().name("Generated lexicon").kind(NewEngine.KindEnum.LEXICON)
                .config(Map.of("lang", "en")), "generated-" + UUID.randomUUID());
        assertEquals("Generated lexicon", created.getName());
        assertEquals(EngineView.KindEnum.LEXICON, created.getKind());
        assertEquals(Map.of("lang", "en"), created.getConfig());
        assertNotNull(created.getCreatedAt());

        var page = engines.listEngines(10, null);
        assertTrue(page.getData().stream().anyMatch(e -> e.getId().equals(created.getId())), page.toString());
        assertFalse(page.getHasMore());
        assertEquals(created.getId(), engines.getEngine(created.getId()).getId());

        EngineView renamed = engines.updateEngine(created.getId(), new EngineChange().name("Renamed lexicon"), null);
        assertEquals("Renamed lexicon", renamed.getName());
        engines.deleteEngine(created.getId(), null);

        ApiException gone = assertThrows(ApiException.class, () -> engines.getEngine(created.getId()));
        Problem problem = problem(gone);
        assertEquals(404, gone.getCode());
        assertEquals("https://humane.ai/problems/not-found", problem.getType().toString());
        assertTrue(problem.getInstance().toString().startsWith("urn:uuid:"), problem.toString());
    }

    @Test
    void endUsersAndTheirMessagesThroughTheGeneratedClient() throws ApiException {
        UUID engine = new EnginesApi(client).createEngine(new NewEngine().name("For messages")
                .kind(NewEngine.KindEnum.LEXICON), null).getId();
        EndUsersApi endUsers = new EndUsersApi(client);
        EndUserView person = endUsers.createEndUser(new NewEndUser().externalId("gen-" + UUID.randomUUID())
                .traits(Map.of("plan", "gold")), null);
        assertEquals(Map.of("plan", "gold"), person.getTraits());
        assertEquals(person.getId(), endUsers.getEndUser(person.getId()).getId());
        assertTrue(endUsers.listEndUsers(null, null).getData().stream().anyMatch(u -> u.getId().equals(person.getId())));
        assertEquals(Map.of("plan", "platinum"),
                endUsers.updateEndUser(person.getId(), new EndUserChange().traits(Map.of("plan", "platinum")), null).getTraits());

        MessagesApi messages = new MessagesApi(client);
        MessageView posted = messages.postMessage(person.getId(), new NewMessage().engineId(engine)
                .role(NewMessage.RoleEnum.USER).content("I would like to cancel."), null);
        assertEquals(person.getId(), posted.getEndUserId());
        assertEquals(posted.getId(), messages.listMessages(person.getId(), 5, null).getData().get(0).getId());

        endUsers.deleteEndUser(person.getId(), null);
        assertEquals(404, assertThrows(ApiException.class, () -> endUsers.getEndUser(person.getId())).getCode());
    }

    @Test
    void validationProblemsReachTheClientWithTheirFields() {
        EnginesApi engines = new EnginesApi(client);
        ApiException refused = assertThrows(ApiException.class, () -> engines.createEngine(
                new NewEngine().name(" ").kind(NewEngine.KindEnum.LEXICON), null));
        assertEquals(400, refused.getCode());
        Problem problem = problem(refused);
        assertEquals("https://humane.ai/problems/validation", problem.getType().toString());
        assertEquals("name", problem.getErrors().get(0).getField(), problem.toString());
        assertTrue(refused.getResponseHeaders().firstValue("Content-Type").orElseThrow()
                .startsWith("application/problem+json"));
    }

    @Test
    void theCallerIsDescribedAsTheDocumentSays() throws ApiException {
        var me = new SessionsApi(client).getMe();
        assertEquals("api_key", me.getKind().getValue());
        assertEquals("owner", me.getRole().getValue());
    }

    private Problem problem(ApiException failure) {
        try {
            return client.getObjectMapper().readValue(failure.getResponseBody(), Problem.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a problem body: " + failure.getResponseBody(), e);
        }
    }
}
