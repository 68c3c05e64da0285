package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.control.Totp;
import ai.humane.saml.boundary.IdpMetadataFiles;
import ai.humane.testing.Api;
import ai.humane.testing.AuthenticatorCodes;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.FakeProvider;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.TestDns;
import ai.humane.testing.Tenants;
import ai.humane.webhooks.boundary.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * L1 end to end: every action the security page lists (credential creation and revocation, webhook and inbound
 * secrets, team membership and role changes, denied attempts, SSO domains and connections, second factors, plan,
 * billing method, BAA and engine coverage, data export and its download, erasure, account deletion) is done through
 * the HTTP API on one tenant; {@code GET /audit-events} then shows each with its actor, resource and the
 * before/after the catalogue promises; no secret and no end user's data is anywhere in the log; the chain verifies.
 */
class AuditedActionsIT extends HttpTest {

    private static final String EVENTS = "api/v1/audit-events";

    private final Api api = new Api(deployment);
    private final TenantProvisioning.Provisioned tenant = Tenants.create("AuditWalk");
    private final String key = tenant.apiKey();
    private final String keyActor = "api_key:" + Rows.single("SELECT id::text FROM api_keys WHERE prefix = ?", key.substring(0, 16));
    private final List<ExpectedEvent> expected = new ArrayList<>();
    /** Secrets and end users' data the actions handled: none may be in the log. */
    private final List<String> forbidden = new ArrayList<>(List.of(key, People.PASSWORD));

    @Test
    void everyActionTheSecurityPageListsIsInTheLogWithItsActorAndChange() {
        People.forgetLoopback();
        String ownerEmail = People.member(tenant.tenantId(), "owner");
        String owner = "user:" + People.idOf(ownerEmail);
        Browser session = Browser.signIn(api, ownerEmail, People.PASSWORD);
        credentials();
        team(session, owner);
        sso();
        secondFactor(session, ownerEmail, owner);
        billing();
        privacy();

        List<JsonObject> log = everyEvent();
        List<Executable> checks = new ArrayList<>();
        expected.forEach(e -> checks.add(() -> e.check(log)));
        String text = api.get(EVENTS + "/export?format=jsonl", key).body();
        forbidden.forEach(secret -> checks.add(() -> assertFalse(text.contains(secret), "in the log: " + secret)));
        assertAll(checks);
        assertEquals(Json.createObjectBuilder().add("valid", true).add("events_checked", log.size()).addNull("first_bad_seq")
                .build(), api.get(EVENTS + "/verify", key).json(), "the chain verifies");
    }

    /** K1, K2, W2: an API key made and revoked, a webhook endpoint's secret made and rotated, an inbound secret. */
    private void credentials() {
        Api.Answer issued = ok(api.post("api/v1/api-keys", key, "{\"name\":\"walk\",\"scopes\":[\"read\"]}"));
        String id = issued.json().getString("id");
        forbidden.add(issued.json().getString("key"));
        expect("api_key.created", keyActor, "api_key", id, Map.of("before", "null"), Map.of("name", "\"walk\"", "revoked_at", "null"));
        ok(api.delete("api/v1/api-keys/" + id, key));
        expect("api_key.revoked", keyActor, "api_key", id, Map.of("revoked_at", "null"), Map.of());

        WebhookReceiver receiver = WebhookReceiver.shared();
        Api.Answer endpoint = ok(api.post("api/v1/webhooks/endpoints", key, "{\"url\":\"" + receiver.url(receiver.path(200))
                + "\",\"events\":[\"end_user.created\"]}"));
        String endpointId = endpoint.json().getString("id");
        forbidden.add(endpoint.json().getString("secret"));
        expect("webhook_endpoint.created", keyActor, "webhook_endpoint", endpointId, Map.of("before", "null"), Map.of());
        forbidden.add(ok(api.post("api/v1/webhooks/endpoints/" + endpointId + "/rotate-secret", key, "{}")).json().getString("secret"));
        expect("webhook_endpoint.secret_rotated", keyActor, "webhook_endpoint", endpointId, Map.of(), Map.of());
        ok(api.patch("api/v1/webhooks/endpoints/" + endpointId, key, "{\"description\":\"walked\"}"));
        expect("webhook_endpoint.updated", keyActor, "webhook_endpoint", endpointId, Map.of(), Map.of("description", "\"walked\""));
        ok(api.delete("api/v1/webhooks/endpoints/" + endpointId, key));
        expect("webhook_endpoint.deleted", keyActor, "webhook_endpoint", endpointId, Map.of(), Map.of("after", "null"));

        UUID engine = new Fixtures(api, key).engine("walk engine");
        forbidden.add(ok(api.post("api/v1/inbound/" + engine + "/secret", key, "{}")).json().getString("secret"));
        expect("engine.inbound_secret_issued", keyActor, "engine", engine.toString(), Map.of("before", "null"), Map.of());

        String provider = FakeProvider.shared().url(FakeProvider.Behaviour.GOOD);
        String providerKey = "sk-walk-" + UUID.randomUUID();
        forbidden.add(providerKey);
        String llm = ok(api.post("api/v1/engines", key, "{\"name\":\"walk llm\",\"kind\":\"llm\",\"config\":{},"
                + "\"provider_url\":\"" + provider + "\",\"provider_api_key\":\"" + providerKey + "\"}")).json().getString("id");
        expect("engine.provider_key_set", keyActor, "engine", llm, Map.of("before", "null"),
                Map.of("provider_url", "\"" + provider + "\""));
        String keyless = ok(api.post("api/v1/engines", key, "{\"name\":\"walk keyless\",\"kind\":\"llm\",\"config\":{},"
                + "\"provider_url\":\"" + provider + "\"}")).json().getString("id");
        String given = "sk-walk-given-" + UUID.randomUUID();
        forbidden.add(given);
        ok(api.patch("api/v1/engines/" + keyless, key, "{\"provider_api_key\":\"" + given + "\"}"));
        expect("engine.provider_key_set", keyActor, "engine", keyless, Map.of("provider_url", "\"" + provider + "\""),
                Map.of("provider_url", "\"" + provider + "\""));
    }

    /** T2: an invitation sent and accepted, a role changed, a member removed, a role's denied attempt. */
    private void team(Browser session, String owner) {
        String invitee = People.uniqueEmail("walk-invitee");
        ok(session.write("POST", "api/v1/team/invitations", "{\"email\":\"" + invitee + "\",\"role\":\"member\"}"));
        expect("member.invited", owner, "invitation", null, Map.of("before", "null"), Map.of("role", "\"member\""));
        String token = Mailbox.tokenIn(Mailbox.bodyOf(invitee, "You are invited"));
        forbidden.add(token);
        ok(api.post("api/v1/auth/invitations/accept", null, "{\"token\":\"" + token + "\",\"name\":\"N\",\"password\":\""
                + People.PASSWORD + "\"}"));
        String joined = People.idOf(invitee).toString();
        expect("member.joined", "user:" + joined, "user", joined, Map.of(), Map.of());

        ok(session.write("PATCH", "api/v1/team/members/" + joined, "{\"role\":\"viewer\"}"));
        expect("member.role_changed", owner, "user", joined, Map.of("role", "\"member\""), Map.of("role", "\"viewer\""));
        Browser viewer = Browser.signIn(api, invitee, People.PASSWORD);
        assertEquals(403, viewer.get(EVENTS).status());
        expect("access.denied", "user:" + joined, "route", "GET api/v1/audit-events", Map.of(),
                Map.of("required_role", "\"admin\"", "role", "\"viewer\""));
        ok(session.write("DELETE", "api/v1/team/members/" + joined, ""));
        expect("member.removed", owner, "user", joined, Map.of("role", "\"viewer\""), Map.of("after", "null"));
    }

    /** S5, S6: a domain claimed, verified and deleted; an OIDC and a SAML connection created, changed, deleted. */
    private void sso() {
        Api.Answer claimed = ok(api.post("api/v1/sso/domains", key,
                "{\"domain\":\"walk-" + UUID.randomUUID().toString().substring(0, 8) + ".test\"}"));
        String domain = claimed.json().getString("id");
        TestDns.publishTxt(claimed.json().getString("txt_name"), claimed.json().getString("txt_value"));
        ok(api.post("api/v1/sso/domains/" + domain + "/verify", key, ""));
        ok(api.patch("api/v1/sso/domains/" + domain, key, "{\"require_sso\":true}"));
        ok(api.delete("api/v1/sso/domains/" + domain, key));
        for (String action : new String[] {"claimed", "verified", "enforcement_changed", "deleted"}) {
            expect("sso.domain." + action, keyActor, "sso_domain", domain, Map.of(), Map.of());
        }
        String secret = "oidc-walk-secret-" + UUID.randomUUID();
        forbidden.add(secret);
        String oidc = ok(api.post("api/v1/sso/oidc/connections", key, "{\"name\":\"Walk\",\"issuer\":\"" + Keycloak.issuerName()
                + "\",\"client_id\":\"" + Keycloak.TENANT_OIDC_CLIENT + "\",\"client_secret\":\"" + secret + "\"}"))
                .json().getString("id");
        ok(api.patch("api/v1/sso/oidc/connections/" + oidc, key, "{\"name\":\"Walk 2\",\"client_secret\":\"" + secret + "x\"}"));
        ok(api.delete("api/v1/sso/oidc/connections/" + oidc, key));
        expect("sso.oidc_connection.created", keyActor, "oidc_connection", oidc, Map.of("before", "null"), Map.of("name", "\"Walk\""));
        expect("sso.oidc_connection.updated", keyActor, "oidc_connection", oidc, Map.of("name", "\"Walk\""), Map.of("name", "\"Walk 2\""));
        expect("sso.oidc_connection.deleted", keyActor, "oidc_connection", oidc, Map.of("name", "\"Walk 2\""), Map.of("after", "null"));
        String metadata = IdpMetadataFiles.metadata("https://idp.test/walk-" + UUID.randomUUID(), "idp");
        String saml = ok(api.post("api/v1/sso/saml/connections", key, Json.createObjectBuilder().add("name", "Walk SAML")
                .add("idp_metadata_xml", metadata).build().toString())).json().getString("id");
        ok(api.patch("api/v1/sso/saml/connections/" + saml, key, "{\"name\":\"Walk SAML 2\"}"));
        ok(api.delete("api/v1/sso/saml/connections/" + saml, key));
        expect("saml_connection.created", keyActor, "saml_connection", saml, Map.of("before", "null"), Map.of());
        expect("saml_connection.updated", keyActor, "saml_connection", saml, Map.of(), Map.of());
        expect("saml_connection.deleted", keyActor, "saml_connection", saml, Map.of(), Map.of("after", "null"));
    }

    /** S8: a second factor enabled, a recovery code used at sign-in, the factor disabled. */
    private void secondFactor(Browser session, String email, String owner) {
        String secret = ok(session.write("POST", "api/v1/auth/mfa/totp", People.CURRENT_PASSWORD)).json().getString("secret");
        forbidden.add(secret);
        byte[] seed = Totp.base32Decode(secret);
        List<String> codes = ok(session.write("POST", "api/v1/auth/mfa/totp/confirm", "{\"code\":\""
                + AuthenticatorCodes.previousStep(seed, Duration.ofSeconds(5)) + "\"}")).json().getJsonArray("recovery_codes")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        forbidden.addAll(codes);
        Api.Answer password = api.post("api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}");
        assertEquals(401, password.status(), password.body());
        forbidden.add(password.header("Humane-MFA-Challenge"));
        Browser second = Browser.of(api, email, ok(api.post("api/v1/auth/mfa", null, "{\"challenge\":\""
                + password.header("Humane-MFA-Challenge") + "\",\"code\":\"" + codes.get(0) + "\"}")));
        ok(second.write("POST", "api/v1/auth/mfa/totp/disable",
                People.codeWithPassword(new Totp().code(seed, Instant.now()))));
        String user = owner.substring("user:".length());
        expect("user.mfa_enabled", owner, "user", user, Map.of(), Map.of());
        expect("user.recovery_code_used", owner, "user", user, Map.of(), Map.of());
        expect("user.mfa_disabled", owner, "user", user, Map.of(), Map.of());
        ownSessionAndPassword(second, owner);
    }

    /** S3, S1: one of the person's other sessions revoked, then the password changed. */
    private void ownSessionAndPassword(Browser session, String owner) {
        String listed = ok(session.get("api/v1/auth/sessions")).body();
        String revoked = Json.createReader(new StringReader(listed)).readArray().getValuesAs(JsonObject.class).stream()
                .filter(view -> !view.getBoolean("current")).map(view -> view.getString("id")).findFirst()
                .orElseThrow(() -> new AssertionError("no other session: " + listed));
        ok(session.write("DELETE", "api/v1/auth/sessions/" + revoked, ""));
        expect("session.revoked", owner, "session", revoked, Map.of(), Map.of());
        String newPassword = "walk " + UUID.randomUUID();
        forbidden.add(newPassword);
        ok(session.write("POST", "api/v1/auth/password", "{\"current_password\":\"" + People.PASSWORD
                + "\",\"new_password\":\"" + newPassword + "\"}"));
        expect("user.password_changed", owner, "user", owner.substring("user:".length()), Map.of("before", "null"), Map.of());
    }

    /** A1, O6: the plan changed, the card replaced, the BAA accepted, an engine marked as covered. */
    private void billing() {
        String tenantId = tenant.tenantId().toString();
        ok(api.send("api/v1/billing/plan", key, "PUT", "application/json", "{\"plan\":\"scale\"}"));
        expect("billing.plan_changed", keyActor, "tenant", tenantId, Map.of("plan", "\"free\""), Map.of("plan", "\"scale\""));
        String card = "tok_walk_" + UUID.randomUUID();
        forbidden.add(card);
        ok(api.send("api/v1/billing/payment-method", key, "PUT", "application/json",
                "{\"token\":\"" + card + "\",\"brand\":\"visa\",\"last4\":\"4242\"}"));
        expect("billing.payment_method_changed", keyActor, "tenant", tenantId, Map.of(),
                Map.of("brand", "\"visa\"", "last4", "\"4242\""));
        People.withSecondFactor(tenant.ownerId()); // whose key goes on under the BAA (O6)
        ok(api.send("api/v1/billing/baa", key, "PUT", "application/json", "{\"accepted\":true}"));
        expect("billing.baa_accepted", keyActor, "tenant", tenantId, Map.of(), Map.of());
        UUID engine = new Fixtures(api, key).engine("covered engine");
        ok(api.patch("api/v1/engines/" + engine, key, "{\"baa_covered\":true}"));
        expect("engine.baa_coverage_changed", keyActor, "engine", engine.toString(), Map.of(), Map.of("baa_covered", "true"));
    }

    /** L3 under the BAA: an account export and its download, an end user erased, the account's deletion asked and cancelled. */
    private void privacy() {
        Fixtures data = new Fixtures(api, key);
        String external = "walk-patient-" + UUID.randomUUID();
        UUID endUser = data.endUser(external);
        String words = "walk words of the end user " + UUID.randomUUID();
        data.message(endUser, data.engine("walk lexicon"), words);
        forbidden.addAll(List.of(endUser.toString(), external, words));

        String export = finished("api/v1/privacy/exports", "{\"scope\":\"account\"}");
        String url = api.get("api/v1/privacy/exports/" + export, key).json().getString("download_url");
        forbidden.add(url.substring(url.indexOf("token=") + "token=".length()));
        assertEquals(200, api.get(url.substring(1), null).status());
        expect("data.exported", keyActor, "privacy_job", export, Map.of("before", "null"), Map.of("scope", "\"account\""));
        expect("data.export_downloaded", keyActor, "privacy_job", export, Map.of("before", "null"), Map.of("scope", "\"account\""));
        expect("end_user_data.read", keyActor, "privacy_job", export, Map.of(), Map.of("kind", "\"export\""));

        String erasure = finished("api/v1/privacy/erasures", "{\"end_user_id\":\"" + endUser + "\"}");
        expect("data.erased", keyActor, "privacy_job", erasure, Map.of("before", "null"), Map.of("scope", "\"end_user\""));

        String tenantId = tenant.tenantId().toString();
        assertEquals(202, api.post("api/v1/privacy/account-deletion", key, "").status());
        ok(api.delete("api/v1/privacy/account-deletion", key));
        expect("account.deletion_requested", keyActor, "tenant", tenantId, Map.of("before", "null"), Map.of());
        expect("account.deletion_cancelled", keyActor, "tenant", tenantId, Map.of(), Map.of());
    }

    /** Asks for a privacy job and waits until it succeeded; answers its id. */
    private String finished(String path, String body) {
        Api.Answer created = api.post(path, key, body);
        assertEquals(202, created.status(), created.body());
        String id = created.json().getString("id");
        Eventually.until(path + " finishes",
                () -> !Set.of("pending", "running").contains(api.get(path + "/" + id, key).json().getString("status")));
        assertEquals("succeeded", api.get(path + "/" + id, key).json().getString("status"));
        return id;
    }

    private List<JsonObject> everyEvent() {
        List<JsonObject> events = new ArrayList<>();
        String page = EVENTS + "?limit=200";
        while (page != null) {
            JsonObject answer = ok(api.get(page, key)).json();
            events.addAll(answer.getJsonArray("data").getValuesAs(JsonObject.class));
            page = answer.getBoolean("has_more") ? EVENTS + "?limit=200&cursor=" + answer.getString("next_cursor") : null;
        }
        return events;
    }

    private void expect(String action, String actor, String type, String resource, Map<String, String> before,
                        Map<String, String> after) {
        expected.add(new ExpectedEvent(action, actor, type, resource, before, after));
    }

    private static Api.Answer ok(Api.Answer answer) {
        assertTrue(answer.status() < 300, answer.toString());
        return answer;
    }
}
