package ai.humane.teams.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Tenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * T2 over HTTP: viewer, member, admin, owner (signed in with sessions) and read and write API keys
 * (issued by the owner) against every endpoint; each gets exactly what the matrix allows.
 */
class RoleMatrixIT extends HttpTest {

    private static final String ALL = "viewer member admin owner readKey writeKey";

    @Test
    void everyCallerGetsExactlyWhatItsRoleAndScopeAllow() {
        Api api = new Api(deployment);
        People.forgetLoopback();
        var tenant = Tenants.create("Matrix");
        Fixtures owner = new Fixtures(api, tenant.apiKey());
        Map<String, Function<Call, Api.Answer>> callers = callers(api, tenant.tenantId(), owner);
        UUID engine = owner.engine("e");
        UUID endUser = owner.endUser("u");
        UUID experiment = owner.experiment("x", engine, owner.engine("f"));
        String anEngine = "{\"name\":\"n\",\"kind\":\"lexicon\"}";

        List<Row> matrix = List.of(
                new Row("GET", "api/v1/engines", null, ALL),
                new Row("POST", "api/v1/engines", anEngine, "member admin owner writeKey"),
                new Row("PATCH", "api/v1/engines/" + engine, "{\"name\":\"renamed\"}", "member admin owner writeKey"),
                new Row("GET", "api/v1/end-users/" + endUser, null, ALL),
                new Row("POST", "api/v1/end-users", "{\"external_id\":\"%s\"}", "member admin owner writeKey"),
                new Row("POST", "api/v1/end-users/" + endUser + "/messages",
                        "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"hi\"}", "member admin owner writeKey"),
                new Row("GET", "api/v1/end-users/" + endUser + "/messages", null, ALL),
                new Row("GET", "api/v1/experiments/" + experiment, null, ALL),
                new Row("PATCH", "api/v1/experiments/" + experiment, "{\"name\":\"n2\"}", "member admin owner writeKey"),
                new Row("GET", "api/v1/api-keys", null, "admin owner readKey writeKey"),
                new Row("POST", "api/v1/api-keys", "{\"name\":\"k\"}", "admin owner writeKey"),
                new Row("GET", "api/v1/team/members", null, "admin owner readKey writeKey"),
                new Row("POST", "api/v1/team/invitations", "{\"email\":\"%s@example.test\",\"role\":\"member\"}",
                        "admin owner writeKey"),
                new Row("POST", "api/v1/team/invitations", "{\"email\":\"%s@example.test\",\"role\":\"admin\"}",
                        "owner writeKey"),
                new Row("GET", "api/v1/auth/me", null, ALL),
                // S5/S6: connections and domains decide who may sign in as whom, owners included: owners only.
                new Row("GET", "api/v1/sso/domains", null, "owner readKey writeKey"),
                new Row("POST", "api/v1/sso/domains", "{\"domain\":\"m-%s.test\"}", "owner writeKey"),
                new Row("GET", "api/v1/sso/oidc/connections", null, "owner readKey writeKey"),
                new Row("GET", "api/v1/sso/saml/connections", null, "owner readKey writeKey"),
                new Row("DELETE", "api/v1/end-users/%s", null, "member admin owner writeKey"));

        List<Executable> checks = new ArrayList<>();
        for (Row row : matrix) {
            callers.forEach((name, caller) -> {
                Api.Answer answer = caller.apply(row.materialise(owner));
                boolean allowed = List.of(row.allowed().split(" ")).contains(name);
                checks.add(() -> assertEquals(allowed ? "allowed" : "403",
                        answer.status() < 300 ? "allowed" : String.valueOf(answer.status()),
                        name + " " + row.method() + " " + row.path() + " -> " + answer));
            });
        }
        assertAll(checks);
    }

    private static Map<String, Function<Call, Api.Answer>> callers(Api api, UUID tenant, Fixtures owner) {
        Map<String, Function<Call, Api.Answer>> callers = new LinkedHashMap<>();
        for (String role : List.of("viewer", "member", "admin", "owner")) {
            Browser browser = Browser.signIn(api, People.member(tenant, role), People.PASSWORD);
            callers.put(role, call -> call.body() == null && !"DELETE".equals(call.method())
                    ? browser.get(call.path()) : browser.write(call.method(), call.path(), call.body() == null ? "" : call.body()));
        }
        for (String[] key : new String[][] {{"readKey", "[\"read\"]"}, {"writeKey", "[\"read\",\"write\"]"}}) {
            String secret = owner.apiKey(key[1]);
            callers.put(key[0], call -> call.body() == null && !"DELETE".equals(call.method())
                    ? api.get(call.path(), secret) : api.send(call.path(), secret, call.method(), "application/json",
                            call.body() == null ? "" : call.body()));
        }
        return callers;
    }

    /** One endpoint and who may call it; %s in the path or body is filled with a fresh value per call. */
    private record Row(String method, String path, String body, String allowed) {

        Call materialise(Fixtures owner) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            String concretePath = path.contains("%s") ? String.format(path, owner.endUser("del-" + unique)) : path;
            return new Call(method, concretePath, body == null ? null : body.replace("%s", unique));
        }
    }

    private record Call(String method, String path, String body) {
    }
}
