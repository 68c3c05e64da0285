package ai.humane.billing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.control.Totp;
import ai.humane.testing.Api;
import ai.humane.testing.AuthenticatorCodes;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.FakeProvider;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HIPAA tenants (O6): a BAA accepted by an owner on scale or enterprise only, and each safeguard it brings checked
 * on a tenant under a BAA and shown absent on an ordinary one: short sessions, audited reads of end-user data,
 * expiring API keys, message content only to covered LLM engines, and a second factor of every member.
 */
class BaaIT extends HttpTest {

    private final Api api = new Api(deployment);

    @BeforeEach
    void freshThrottle() {
        People.forgetLoopback();
    }

    @Test
    void onlyAnOwnerAcceptsABaaAndOnlyOnScaleOrEnterprise() {
        TenantProvisioning.Provisioned tenant = Tenants.create("BaaRules");
        TenantProvisioning.Provisioned other = Tenants.create("BaaOther");
        assertEquals(409, put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":true}").status(), "free plan");
        Rows.execute("UPDATE tenants SET plan = 'scale' WHERE id IN (?, ?)", tenant.tenantId(), other.tenantId());
        String admin = new Fixtures(api, tenant.apiKey()).apiKey("[\"read\",\"write\"]");
        Rows.execute("UPDATE api_keys SET role = 'admin' WHERE tenant_id = ? AND name = 'test key'", tenant.tenantId());
        assertEquals(403, put(admin, "api/v1/billing/baa", "{\"accepted\":true}").status());
        assertEquals(401, put(null, "api/v1/billing/baa", "{\"accepted\":true}").status());
        assertEquals(400, put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":false}").status());
        assertEquals(400, put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":").status());
        assertEquals(400, put(tenant.apiKey(), "api/v1/billing/baa", "{}").status());
        assertEquals(413, put(tenant.apiKey(), "api/v1/billing/baa", "{\"x\":\"" + "a".repeat(1_100_000) + "\"}").status());
        assertNull(baa(tenant.tenantId()));
        People.withSecondFactor(tenant.ownerId()); // whose key goes on under the BAA
        Api.Answer accepted = put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":true}");
        assertEquals(200, accepted.status(), accepted.body());
        assertNotNull(accepted.json().getString("baa_accepted_at"));
        assertEquals(200, put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":true}").status(), "accepting twice");
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'billing.baa_accepted'", tenant.tenantId()));
        assertEquals(409, put(tenant.apiKey(), "api/v1/billing/plan", "{\"plan\":\"pro\"}").status());
        assertEquals("scale", BillingIT.plan(tenant.tenantId()));
        assertNull(baa(other.tenantId()), "another tenant is untouched");
    }

    @Test
    void sessionsIdleOutAfterFifteenMinutesAndEndAfterTwelveHoursUnderABaaOnly() {
        TenantProvisioning.Provisioned ordinary = Tenants.create("Ordinary");
        TenantProvisioning.Provisioned covered = Tenants.create("Covered");
        Browser early = Browser.signIn(api, People.member(covered.tenantId(), "member"), People.PASSWORD);
        acceptBaa(covered);
        assertTrue(Boolean.parseBoolean(Rows.single("SELECT (expires_at <= now() + interval '15 minutes' AND"
                + " absolute_expires_at <= created_at + interval '12 hours')::text FROM sessions WHERE token_hash ="
                + " sha256(convert_to(?, 'UTF8'))", early.session())), "a session open at acceptance is cut");

        String member = People.member(ordinary.tenantId(), "member");
        Browser plain = Browser.signIn(api, member, People.PASSWORD);
        assertEquals("2592000/7776000", lifetimes(plain), "30 days idle, 90 days in all");
        Browser strict = signInWithSecondFactor(covered.tenantId());
        assertEquals("900/43200", lifetimes(strict), "15 minutes idle, 12 hours in all");

        Rows.execute("UPDATE sessions SET refreshed_at = now() - interval '2 minutes' WHERE token_hash IN"
                + " (sha256(convert_to(?, 'UTF8')), sha256(convert_to(?, 'UTF8')))", plain.session(), strict.session());
        assertTrue(strict.get("api/v1/auth/me").headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("humane_session=")), "a BAA session slides after a minute");
        assertFalse(plain.get("api/v1/auth/me").headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("humane_session=")), "an ordinary session slides hourly");
        Rows.execute("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash ="
                + " sha256(convert_to(?, 'UTF8'))", strict.session());
        assertEquals(401, strict.get("api/v1/auth/me").status(), "idle past its 15 minutes");
    }

    @Test
    void everyReadOfEndUserDataIsAuditedUnderABaaOnly() {
        for (boolean underBaa : new boolean[] {true, false}) {
            TenantProvisioning.Provisioned tenant = Tenants.create(underBaa ? "ReadsAudited" : "ReadsPlain");
            Fixtures data = new Fixtures(api, tenant.apiKey());
            UUID endUser = data.endUser("patient-1");
            data.message(endUser, data.engine("lex"), "I feel fine today");
            if (underBaa) {
                acceptBaa(tenant);
            }
            for (String path : new String[] {"", "/" + endUser, "/" + endUser + "/messages", "/" + endUser + "/profile"}) {
                assertEquals(200, api.get("api/v1/end-users" + path, tenant.apiKey()).status(), path);
            }
            String audited = Rows.single("SELECT coalesce(string_agg(after->>'kind', ',' ORDER BY seq), '') FROM"
                    + " admin_audit_events WHERE tenant_id = ? AND action = 'end_user_data.read'", tenant.tenantId());
            assertEquals(underBaa ? "end_users,end_user,messages,profile" : "", audited);
            assertFalse(Rows.single("SELECT coalesce(string_agg(t::text, ' '), '') FROM admin_audit_events t"
                    + " WHERE tenant_id = ?", tenant.tenantId()).contains("feel fine"), "no content in the log");
        }
    }

    @Test
    void apiKeysExpireWithinNinetyDaysUnderABaaOnly() {
        TenantProvisioning.Provisioned ordinary = Tenants.create("KeysPlain");
        JsonObject plainKey = issue(ordinary);
        assertTrue(plainKey.isNull("expires_at"));
        TenantProvisioning.Provisioned covered = Tenants.create("KeysBaa");
        acceptBaa(covered);
        JsonObject key = issue(covered);
        Instant expires = Instant.parse(key.getString("expires_at"));
        assertTrue(expires.isAfter(Instant.now().plusSeconds(89L * 86400)) && expires.isBefore(Instant.now().plusSeconds(90L * 86400 + 60)));
        assertEquals("true", Rows.single("SELECT bool_and(expires_at <= now() + interval '90 days')::text FROM api_keys"
                + " WHERE tenant_id = ?", covered.tenantId()), "the keys of before the BAA expire too");
        assertEquals(200, api.get("api/v1/end-users", key.getString("key")).status());
        Rows.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(key.getString("id")));
        assertEquals(401, api.get("api/v1/end-users", key.getString("key")).status(), "an expired key");
        Api.Answer token = api.post("api/v1/auth/token", covered.apiKey(), "");
        assertEquals(200, token.status(), token.body());
        Rows.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = ?", covered.tenantId());
        assertEquals(401, api.get("api/v1/end-users", token.json().getString("access_token")).status(),
                "a token of an expired key");
    }

    /**
     * Under a BAA a key acts for its member, who must have a second factor as every member must: a key of a member
     * without one is refused as a revoked key is, and so is a token it had and the successor it would make, until the
     * member enrols; a key a key makes ends no later than its maker (a review, 2026-12-07; broken once: the member's
     * key went on reading end-user data, and made itself a successor with 90 days more, for ever).
     */
    @Test
    void underABaaTheKeyOfAMemberWithoutASecondFactorIsRefused() {
        TenantProvisioning.Provisioned covered = Tenants.create("KeysMfa");
        String member = People.member(covered.tenantId(), "admin");
        Browser browser = Browser.signIn(api, member, People.PASSWORD);
        Api.Answer made = browser.write("POST", "api/v1/api-keys", "{\"name\":\"own\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, made.status(), made.body());
        String key = made.json().getString("key");
        String token = api.post("api/v1/auth/token", key, "").json().getString("access_token");
        String successor = "{\"name\":\"next\",\"scopes\":[\"read\"]}";
        acceptBaa(covered);

        assertEquals(401, api.get("api/v1/end-users", key).status(), "a member without a second factor");
        assertEquals(401, api.get("api/v1/end-users", token).status(), "nor the key's token");
        assertEquals(401, api.post("api/v1/api-keys", key, successor).status(), "nor a successor");
        assertEquals(200, api.get("api/v1/end-users", covered.apiKey()).status(), "the owner, who has one");
        People.withSecondFactor(People.idOf(member));
        assertEquals(200, api.get("api/v1/end-users", key).status(), "enrolled: the key works again");
        Api.Answer next = api.post("api/v1/api-keys", key, successor);
        assertEquals(201, next.status(), next.body());
        assertEquals(Rows.single("SELECT expires_at::text FROM api_keys WHERE id = ?", UUID.fromString(made.json().getString("id"))),
                Rows.single("SELECT expires_at::text FROM api_keys WHERE id = ?", UUID.fromString(next.json().getString("id"))),
                "no later than its maker");
    }

    /**
     * A key and a session made while a BAA is being accepted (its transaction holds the tenant's row, here held by
     * the test as the acceptance does between its lock and its commit) wait for it and get its limits; read without
     * waiting, they kept the ordinary ones, since the acceptance's safeguards cannot see what is not yet committed
     * (broken once: neither waited).
     */
    @Test
    void aKeyAndASessionMadeWhileABaaIsAcceptedGetItsLimits() throws Exception {
        TenantProvisioning.Provisioned tenant = Tenants.create("BaaRace");
        Rows.execute("UPDATE tenants SET plan = 'enterprise' WHERE id = ?", tenant.tenantId());
        String member = People.member(tenant.tenantId(), "member");
        ExecutorService requests = Executors.newFixedThreadPool(2); // at once, whatever the common pool's size
        try (Connection accepting = TestPlatform.superuser()) {
            accepting.setAutoCommit(false);
            try (PreparedStatement lock = accepting.prepareStatement("SELECT 1 FROM tenants WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, tenant.tenantId());
                lock.executeQuery().close();
            }
            CompletableFuture<Api.Answer> key = CompletableFuture.supplyAsync(() -> api.post("api/v1/api-keys",
                    tenant.apiKey(), "{\"name\":\"racing\",\"scopes\":[\"read\"]}"), requests);
            CompletableFuture<Browser> session = CompletableFuture.supplyAsync(
                    () -> Browser.signIn(api, member, People.PASSWORD), requests);
            Eventually.until("the key and the sign-in wait for the acceptance", () -> Rows.waitingOn(accepting) == 2);
            Rows.execute(accepting, "UPDATE tenants SET baa_accepted_at = now() WHERE id = ?", tenant.tenantId());
            accepting.commit();
            Api.Answer issued = key.get(30, TimeUnit.SECONDS);
            assertEquals(201, issued.status(), issued.body());
            assertFalse(issued.json().isNull("expires_at"), issued.body());
            assertEquals("900/43200", lifetimes(session.get(30, TimeUnit.SECONDS)), "15 minutes idle, 12 hours in all");
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void messageContentGoesOnlyToEnginesCoveredByTheBaa() {
        FakeProvider provider = FakeProvider.shared();
        TenantProvisioning.Provisioned covered = Tenants.create("LlmBaa");
        acceptBaa(covered);
        String uncoveredUrl = provider.url(FakeProvider.Behaviour.GOOD);
        UUID uncovered = llmEngine(covered, uncoveredUrl);
        String coveredUrl = provider.url(FakeProvider.Behaviour.GOOD);
        UUID coveredEngine = llmEngine(covered, coveredUrl);
        Api.Answer marked = api.patch("api/v1/engines/" + coveredEngine, covered.apiKey(), "{\"baa_covered\":true}");
        assertEquals(200, marked.status(), marked.body());
        assertTrue(marked.json().getBoolean("baa_covered"));
        JsonObject kept = analysed(covered, uncovered);
        assertEquals("lexicon", kept.getString("method"));
        assertTrue(kept.getString("fallback_reason").contains("BAA"), kept.toString());
        assertEquals(0, provider.at(uncoveredUrl).size(), "the uncovered provider never saw the message");
        assertEquals("llm", analysed(covered, coveredEngine).getString("method"));
        assertEquals(1, provider.at(coveredUrl).size());

        TenantProvisioning.Provisioned ordinary = Tenants.create("LlmPlain");
        String plainUrl = provider.url(FakeProvider.Behaviour.GOOD);
        assertEquals("llm", analysed(ordinary, llmEngine(ordinary, plainUrl)).getString("method"));
        assertEquals(1, provider.at(plainUrl).size(), "without a BAA an uncovered engine is called");
    }

    @Test
    void everyMemberNeedsASecondFactorUnderABaaOnly() {
        TenantProvisioning.Provisioned ordinary = Tenants.create("MfaPlain");
        Browser plain = Browser.signIn(api, People.member(ordinary.tenantId(), "member"), People.PASSWORD);
        assertEquals(200, plain.get("api/v1/end-users").status());
        TenantProvisioning.Provisioned covered = Tenants.create("MfaBaa");
        acceptBaa(covered);
        Browser bare = Browser.signIn(api, People.member(covered.tenantId(), "member"), People.PASSWORD);
        Api.Answer refused = bare.get("api/v1/end-users");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/mfa-enrolment-required", refused.problemType());
        assertEquals(403, bare.write("POST", "api/v1/auth/token", "").status());
        assertEquals(200, bare.get("api/v1/auth/me").status());
        Api.Answer started = bare.write("POST", "api/v1/auth/mfa/totp", People.CURRENT_PASSWORD);
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        assertEquals(200, bare.write("POST", "api/v1/auth/mfa/totp/confirm",
                "{\"code\":\"" + AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5)) + "\"}").status());
        assertEquals(200, bare.get("api/v1/end-users").status(), "enrolled: the same session reads");
        Api.Answer disable = bare.write("POST", "api/v1/auth/mfa/totp/disable",
                People.codeWithPassword(new Totp().code(secret, Instant.now())));
        assertEquals(409, disable.status(), "under a BAA the factor stays");
    }

    /**
     * An access token issued from a member's session before the BAA was accepted is gated as the session is: it reads
     * nothing and cannot issue itself a successor, so it ends within its 15 minutes. Before, it read end-user data and
     * renewed itself for as long as the session lasted (broken once).
     */
    @Test
    void aTokenIssuedBeforeTheBaaIsGatedAsItsSessionIs() {
        TenantProvisioning.Provisioned covered = Tenants.create("MfaToken");
        Browser bare = Browser.signIn(api, People.member(covered.tenantId(), "member"), People.PASSWORD);
        Api.Answer issued = bare.write("POST", "api/v1/auth/token", "");
        assertEquals(200, issued.status(), issued.body());
        String token = issued.json().getString("access_token");
        assertEquals(200, api.get("api/v1/end-users", token).status(), "before the BAA the token reads");

        acceptBaa(covered);
        Api.Answer refused = api.get("api/v1/end-users", token);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/mfa-enrolment-required", refused.problemType());
        Api.Answer renewed = api.post("api/v1/auth/token", token, "");
        assertEquals(403, renewed.status(), "no successor: " + renewed.body());
        assertEquals(200, api.get("api/v1/auth/me", token).status(), "who am I stays open, as for the session");
    }

    /** A member of the tenant, enrolled (through the API, confirmed with the previous step's code), signed in through the challenge. */
    private Browser signInWithSecondFactor(UUID tenant) {
        String email = People.member(tenant, "member");
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer started = browser.write("POST", "api/v1/auth/mfa/totp", People.CURRENT_PASSWORD);
        assertEquals(200, started.status(), started.body());
        byte[] secret = Totp.base32Decode(started.json().getString("secret"));
        assertEquals(200, browser.write("POST", "api/v1/auth/mfa/totp/confirm",
                "{\"code\":\"" + AuthenticatorCodes.previousStep(secret, Duration.ofSeconds(5)) + "\"}").status());
        Api.Answer password = api.post("api/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}");
        assertEquals(401, password.status(), password.body());
        return Browser.of(api, email, api.post("api/v1/auth/mfa", null, "{\"challenge\":\""
                + password.header("Humane-MFA-Challenge") + "\",\"code\":\"" + new Totp().code(secret, Instant.now()) + "\"}"));
    }

    private static String lifetimes(Browser browser) {
        return Rows.single("SELECT round(extract(epoch FROM expires_at - refreshed_at))::text || '/'"
                + " || round(extract(epoch FROM absolute_expires_at - created_at))::text"
                + " FROM sessions WHERE token_hash = sha256(convert_to(?, 'UTF8'))", browser.session());
    }

    private void acceptBaa(TenantProvisioning.Provisioned tenant) {
        People.withSecondFactor(tenant.ownerId()); // whose key the tests go on with (O6)
        Rows.execute("UPDATE tenants SET plan = 'enterprise' WHERE id = ?", tenant.tenantId());
        Api.Answer accepted = put(tenant.apiKey(), "api/v1/billing/baa", "{\"accepted\":true}");
        assertEquals(200, accepted.status(), accepted.body());
    }

    private JsonObject issue(TenantProvisioning.Provisioned tenant) {
        Api.Answer issued = api.post("api/v1/api-keys", tenant.apiKey(), "{\"name\":\"k\",\"scopes\":[\"read\"]}");
        assertEquals(201, issued.status(), issued.body());
        return issued.json();
    }

    private UUID llmEngine(TenantProvisioning.Provisioned tenant, String url) {
        Api.Answer created = api.post("api/v1/engines", tenant.apiKey(), "{\"name\":\"LLM\",\"kind\":\"llm\",\"config\":{},"
                + "\"provider_url\":\"" + url + "\",\"provider_api_key\":\"sk-test-" + UUID.randomUUID() + "\"}");
        assertEquals(201, created.status(), created.body());
        return UUID.fromString(created.json().getString("id"));
    }

    private JsonObject analysed(TenantProvisioning.Provisioned tenant, UUID engine) {
        Fixtures data = new Fixtures(api, tenant.apiKey());
        UUID endUser = data.endUser("patient-" + UUID.randomUUID());
        data.message(endUser, engine, "thanks that was great");
        JsonObject[] analysis = new JsonObject[1];
        Eventually.until("the analysis of " + endUser, () -> {
            analysis[0] = api.get("api/v1/end-users/" + endUser + "/messages", tenant.apiKey()).json().getJsonArray("data")
                    .getJsonObject(0).getJsonObject("analysis");
            return !java.util.List.of("pending", "running").contains(analysis[0].getString("status"));
        });
        return analysis[0];
    }

    private Api.Answer put(String key, String path, String json) {
        return api.send(path, key, "PUT", "application/json", json);
    }

    private static String baa(UUID tenant) {
        return Rows.single("SELECT baa_accepted_at::text FROM tenants WHERE id = ?", tenant);
    }
}
