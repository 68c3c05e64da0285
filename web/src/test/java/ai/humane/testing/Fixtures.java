package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

/** Creates a tenant's objects through the API, as a client would, and answers their ids. */
public record Fixtures(Api api, String key) {

    public UUID engine(String name) {
        return created(api.post("api/v1/engines", key, "{\"name\":\"" + name + "\",\"kind\":\"lexicon\",\"config\":{\"lang\":\"en\"}}"));
    }

    public UUID endUser(String externalId) {
        return created(api.post("api/v1/end-users", key, "{\"external_id\":\"" + externalId + "\",\"traits\":{\"plan\":\"gold\"}}"));
    }

    public UUID message(UUID endUser, UUID engine, String content) {
        return created(api.post("api/v1/end-users/" + endUser + "/messages", key,
                "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + content + "\"}"));
    }

    public UUID experiment(String name, UUID engineA, UUID engineB) {
        return created(api.post("api/v1/experiments", key, "{\"name\":\"" + name + "\",\"variants\":["
                + "{\"name\":\"a\",\"engine_id\":\"" + engineA + "\",\"weight\":50},"
                + "{\"name\":\"b\",\"engine_id\":\"" + engineB + "\",\"weight\":50}]}"));
    }

    /** Issues an API key with the given scopes and answers its clear text. */
    public String apiKey(String scopesJson) {
        Api.Answer answer = api.post("api/v1/api-keys", key, "{\"name\":\"test key\",\"scopes\":" + scopesJson + "}");
        assertEquals(201, answer.status(), answer.body());
        return answer.json().getString("key");
    }

    public UUID apiKeyId(String scopesJson) {
        return created(api.post("api/v1/api-keys", key, "{\"name\":\"test key\",\"scopes\":" + scopesJson + "}"));
    }

    private static UUID created(Api.Answer answer) {
        assertEquals(201, answer.status(), answer.body());
        return UUID.fromString(answer.json().getString("id"));
    }
}
