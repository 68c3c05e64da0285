package ai.humane.teams.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.status.boundary.JaxRsRoutes;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * T2 over HTTP: viewer, member, admin, owner (signed in with sessions) and read and write API keys
 * (issued by the owner) against every endpoint; each gets exactly what the matrix allows. The routes of privacy,
 * billing, the second factor, SSO, the team and the audit log are also asked without a credential, and every such
 * route the code serves must be listed.
 */
class RoleMatrixIT extends HttpTest {

    private static final String ALL = "viewer member admin owner readKey writeKey";
    /**
     * Open to anyone: the route's own check (a signed link, a signature, a challenge) decides, never a role, so every
     * caller gets what a caller without a credential gets; callers named after it ({@code public but readKey}) are
     * refused 403 instead (a read key may not write, K1).
     */
    private static final String PUBLIC = "public";
    private static final List<String> FEATURES = List.of("ai.humane.privacy.", "ai.humane.billing.", "ai.humane.sso.",
            "ai.humane.saml.", "ai.humane.teams.", "ai.humane.audit.");

    /**
     * The routes of privacy (L3), billing (A1, O6), the second factor (S8), SSO (S5, S6), the team (T2) and the audit
     * log (L1), each with who passes its role check: the test asks every route of those features the code serves (read
     * from the compiled resources), so a new route of theirs that is not listed here fails.
     */
    private static final List<Row> FEATURE_ROUTES = List.of(
            new Row("POST", "api/v1/privacy/exports", "{}", "admin owner writeKey"),
            new Row("GET", "api/v1/privacy/exports", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/privacy/exports/{}", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/privacy/exports/{}/download", null, PUBLIC),
            new Row("HEAD", "api/v1/privacy/exports/{}/download", null, PUBLIC),
            new Row("POST", "api/v1/privacy/erasures", "{}", "admin owner writeKey"),
            new Row("GET", "api/v1/privacy/erasures", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/privacy/erasures/{}", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/privacy/account-deletion", null, "owner readKey writeKey"),
            new Row("POST", "api/v1/privacy/account-deletion", "", "owner writeKey"),
            new Row("DELETE", "api/v1/privacy/account-deletion", null, "owner writeKey"),
            new Row("GET", "api/v1/billing", null, "owner readKey writeKey"),
            new Row("PUT", "api/v1/billing/plan", "{}", "owner writeKey"),
            new Row("PUT", "api/v1/billing/payment-method", "{}", "owner writeKey"),
            new Row("PUT", "api/v1/billing/baa", "{}", "owner writeKey"),
            new Row("GET", "api/v1/public/pricing", null, PUBLIC),
            new Row("GET", "api/v1/public/sign-in-options", null, PUBLIC),
            new Row("POST", "api/v1/billing/events", "{}", PUBLIC + " but readKey"),
            new Row("POST", "api/v1/auth/mfa", "{}", PUBLIC + " but readKey"),
            new Row("POST", "api/v1/auth/sso/pending", "{}", PUBLIC + " but readKey"),
            new Row("POST", "api/v1/auth/sso/confirm", "{}", PUBLIC + " but readKey"),
            // A write key passes the role check but is answered 400: only a person has a second factor (SecondFactorIT).
            new Row("POST", "api/v1/auth/mfa/totp/confirm", "{}", "viewer member admin owner writeKey"),
            new Row("POST", "api/v1/auth/mfa/totp/recovery-codes", "{}", "viewer member admin owner writeKey"),
            new Row("POST", "api/v1/auth/mfa/totp/disable", "{}", "viewer member admin owner writeKey"),
            new Row("POST", "api/v1/auth/mfa/totp", "{}", "viewer member admin owner writeKey"),
            new Row("POST", "api/v1/sso/oidc/connections", "{}", "owner writeKey"),
            new Row("GET", "api/v1/sso/oidc/connections", null, "owner readKey writeKey"),
            new Row("GET", "api/v1/sso/oidc/connections/{}", null, "owner readKey writeKey"),
            new Row("PATCH", "api/v1/sso/oidc/connections/{}", "{}", "owner writeKey"),
            new Row("DELETE", "api/v1/sso/oidc/connections/{}", null, "owner writeKey"),
            new Row("POST", "api/v1/sso/domains", "{}", "owner writeKey"),
            new Row("GET", "api/v1/sso/domains", null, "owner readKey writeKey"),
            new Row("GET", "api/v1/sso/domains/{}", null, "owner readKey writeKey"),
            new Row("POST", "api/v1/sso/domains/{}/verify", "", "owner writeKey"),
            new Row("PATCH", "api/v1/sso/domains/{}", "{}", "owner writeKey"),
            new Row("DELETE", "api/v1/sso/domains/{}", null, "owner writeKey"),
            new Row("POST", "api/v1/sso/saml/connections", "{}", "owner writeKey"),
            new Row("GET", "api/v1/sso/saml/connections", null, "owner readKey writeKey"),
            new Row("GET", "api/v1/sso/saml/connections/{}", null, "owner readKey writeKey"),
            new Row("PATCH", "api/v1/sso/saml/connections/{}", "{}", "owner writeKey"),
            new Row("DELETE", "api/v1/sso/saml/connections/{}", null, "owner writeKey"),
            new Row("GET", "api/v1/auth/oidc/{}/login", null, PUBLIC),
            new Row("GET", "api/v1/auth/oidc/{}/callback", null, PUBLIC),
            new Row("GET", "api/v1/auth/sso", null, PUBLIC),
            new Row("GET", "api/v1/auth/saml/{}/metadata", null, PUBLIC),
            new Row("GET", "api/v1/auth/saml/{}/login", null, PUBLIC),
            new Row("POST", "api/v1/auth/saml/{}/acs", "", PUBLIC),
            new Row("GET", "api/v1/team/members", null, "admin owner readKey writeKey"),
            new Row("POST", "api/v1/team/invitations", "{}", "admin owner writeKey"),
            new Row("GET", "api/v1/team/invitations", null, "admin owner readKey writeKey"),
            new Row("DELETE", "api/v1/team/invitations/{}", null, "admin owner writeKey"),
            new Row("PATCH", "api/v1/team/members/{}", "{}", "admin owner writeKey"),
            new Row("DELETE", "api/v1/team/members/{}", null, "admin owner writeKey"),
            new Row("POST", "api/v1/auth/invitations/accept", "{}", PUBLIC + " but readKey"),
            new Row("GET", "api/v1/audit-events", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/audit-events/export", null, "admin owner readKey writeKey"),
            new Row("HEAD", "api/v1/audit-events/export", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/audit-events/verify", null, "admin owner readKey writeKey"),
            new Row("GET", "api/v1/audit-events/checkpoint", null, "admin owner readKey writeKey"),
            new Row("POST", "api/v1/audit-events/checkpoint/verify", "{}", "admin owner writeKey"));


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

    @Test
    void everyRouteOfTheListedFeaturesIsInTheMatrix() {
        Set<String> listed = FEATURE_ROUTES.stream().map(Row::key).collect(Collectors.toSet());
        List<String> missing = JaxRsRoutes.all().stream()
                .filter(route -> FEATURES.stream().anyMatch(route.java().getDeclaringClass().getName()::startsWith)
                        || route.path().startsWith("/api/v1/auth/mfa"))
                .filter(route -> !listed.contains(route.key())).map(JaxRsRoutes.Route::name).toList();
        assertEquals(List.of(), missing,
                "routes of privacy, billing, MFA, SSO, the team or the audit log missing from the matrix");
    }

    /**
     * Each role and scope passes the role check of exactly the listed routes (any answer but 401 and 403: the
     * requests carry empty bodies and made-up ids, so nothing is changed) and is refused 403 by the others; without
     * a credential every route but the public ones is 401; a public route answers every caller as it answers
     * one without a credential (never 403), but for the callers its row names.
     */
    @Test
    void theListedFeaturesRoutesAnswerEachRoleAndNoCredentialAsListed() {
        Api api = new Api(deployment);
        People.forgetLoopback();
        var tenant = Tenants.create("FeatureMatrix");
        Fixtures owner = new Fixtures(api, tenant.apiKey());
        Map<String, Function<Call, Api.Answer>> callers = callers(api, tenant.tenantId(), owner);
        List<Executable> checks = new ArrayList<>();
        for (Row row : FEATURE_ROUTES) {
            Call call = row.materialise(owner);
            boolean open = row.allowed().startsWith(PUBLIC);
            int anonymous = send(api, null, call).status();
            checks.add(() -> assertEquals(open ? "not 403" : "401", open ? anonymous == 403 ? "403" : "not 403"
                    : String.valueOf(anonymous), "no credential " + row.key()));
            callers.forEach((name, caller) -> {
                int status = caller.apply(call).status();
                boolean listed = List.of(row.allowed().split(" ")).contains(name);
                String expected = open ? listed ? "403" : String.valueOf(anonymous) : listed ? "not 401/403" : "403";
                checks.add(() -> assertEquals(expected, open ? String.valueOf(status) : outcome(status), name + " " + row.key()));
            });
        }
        assertAll(checks);
    }

    private static String outcome(int status) {
        return status == 401 || status == 403 ? String.valueOf(status) : "not 401/403";
    }

    private static Api.Answer send(Api api, String key, Call call) {
        return call.body() == null && !"DELETE".equals(call.method()) ? api.get(call.path(), key)
                : api.send(call.path(), key, call.method(), "application/json", call.body() == null ? "" : call.body());
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
            callers.put(key[0], call -> send(api, secret, call));
        }
        return callers;
    }

    /**
     * One endpoint and who may call it; %s in the path or body is filled with a fresh value per call, {} in the
     * path with an id nobody has.
     */
    private record Row(String method, String path, String body, String allowed) {

        Call materialise(Fixtures owner) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            String concretePath = path.contains("%s") ? String.format(path, owner.endUser("del-" + unique)) : path;
            return new Call(method, concretePath.replace("{}", UUID.randomUUID().toString()),
                    body == null ? null : body.replace("%s", unique));
        }

        /** As the code's routes are keyed: method and path, every template one {}. */
        String key() {
            return method + " /" + path;
        }
    }

    private record Call(String method, String path, String body) {
    }
}
