package ai.humane.sso.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.FormBrowser;
import ai.humane.testing.FromAddress;
import ai.humane.testing.OidcBrowserSignIn;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.Minutes;
import ai.humane.testing.People;
import ai.humane.testing.RacedFirstSignIns;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestDns;
import ai.humane.testing.TestPlatform;
import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Google sign-in (S5) end to end against the real Keycloak standing in for Google (only the issuer differs): the
 * browser goes to Humane's login route, to Keycloak's login form, back to the callback, and leaves with the same
 * session cookies a password gives. Refusals store nothing and open no session.
 */
class OidcSignInIT extends HttpTest {

    private final Api api = new Api(deployment);
    private final URI base = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");

    @Test
    void linksAVerifiedAccountAndOpensTheSameSessionAPasswordDoes() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page landed = signIn(browser, email);

        assertEquals(303, landed.status(), landed.body());
        assertEquals(base.resolve("/"), landed.location().orElseThrow());
        String session = landed.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("humane_session="))
                .findFirst().orElseThrow();
        assertTrue(session.contains("HttpOnly") && session.contains("Secure") && session.contains("SameSite=Lax"), session);
        JsonObject me = me(browser);
        assertEquals(user.toString(), me.getString("id"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE user_id = ? AND issuer = ?", user,
                Keycloak.issuerName()));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = 'sso.signed_in' AND resource_id = ?",
                user.toString()));
    }

    /** Google vouches for the person, as the password does: its session switches tenant, audited on both sides. */
    @Test
    void aGoogleSessionListsThePersonsTenantsAndSwitchesAsAPasswordSessionDoes() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        UUID elsewhere = Tenants.create("Elsewhere").tenantId();
        UUID there = People.alsoMember(email, elsewhere, "member");
        FormBrowser browser = new FormBrowser();
        assertEquals(303, signIn(browser, email).status());
        JsonObject me = me(browser);
        assertEquals(2, me.getJsonArray("tenants").size());
        assertEquals(false, me.getBoolean("sso_session"), "a Google session is the person's, not one tenant's");
        Browser session = new Browser(api, email, browser.cookie("humane_session").orElseThrow(),
                browser.cookie("humane_csrf").orElseThrow(), List.of());
        Api.Answer switched = session.write("POST", "api/v1/auth/switch-tenant", "{\"tenant_id\":\"" + elsewhere + "\"}");
        assertEquals(200, switched.status(), switched.body());
        assertEquals(there.toString(), me(browser).getString("id"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = 'session.tenant_entered'"
                + " AND tenant_id = ?", elsewhere));
    }

    /** V27: a Google link is the person's: it opens their membership used last, in whichever tenant. */
    @Test
    void aGoogleLinkedPersonSignsInToTheMembershipUsedLast() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        UUID elsewhere = Tenants.create("Elsewhere").tenantId();
        UUID there = People.alsoMember(email, elsewhere, "member");
        FormBrowser first = new FormBrowser();
        assertEquals(303, signIn(first, email).status());
        assertEquals(user.toString(), me(first).getString("id"));
        assertEquals("1 true", Rows.single("SELECT count(*) || ' ' || bool_and(global) FROM sso_identities WHERE person_id = ?",
                user));

        Rows.execute("UPDATE users SET last_active_at = now() + interval '1 hour' WHERE id = ?", there);
        FormBrowser second = new FormBrowser();
        assertEquals(303, signIn(second, email).status());
        JsonObject me = me(second);
        assertEquals(there.toString(), me.getString("id"), "the membership used last, not the one the link was made in");
        assertEquals(elsewhere.toString(), me.getString("active_tenant_id"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = 'sso.signed_in'"
                + " AND tenant_id = ? AND resource_id = ?", elsewhere, there.toString()));
    }

    /**
     * A tenant requiring SSO for the person's domain is passed over, as at password sign-in: a first Google sign-in of
     * one of its members (not an owner) who belongs to another tenant too links and lands in the other, though the
     * requiring tenant was used last (broken once: the refusal marked the sign-in's transaction for rollback, the
     * other membership was refused too and the answer was 403 sso-required).
     */
    @Test
    void aFirstGoogleSignInPassesOverATenantRequiringSsoForThePersonsDomain() {
        Split split = split();
        requireSso(split.requiring(), split.domain());
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page landed = signIn(browser, split.email());
        assertEquals(303, landed.status(), landed.body());
        JsonObject me = me(browser);
        assertEquals(split.other().toString(), me.getString("active_tenant_id"));
        assertEquals(split.otherMember().toString(), me.getString("id"));
        assertEquals("1 true", Rows.single("SELECT count(*) || ' ' || bool_and(global) FROM sso_identities WHERE user_id = ?",
                split.otherMember()));
    }

    /** The same for a person already linked: the link made in the requiring tenant opens the other membership. */
    @Test
    void aLinkedGoogleSignInPassesOverATenantRequiringSsoForThePersonsDomain() {
        Split split = split();
        FormBrowser first = new FormBrowser();
        assertEquals(303, signIn(first, split.email()).status());
        assertEquals(split.requiringMember().toString(), me(first).getString("id"), "not required yet");
        requireSso(split.requiring(), split.domain());

        FormBrowser second = new FormBrowser();
        FormBrowser.Page landed = signIn(second, split.email());
        assertEquals(303, landed.status(), landed.body());
        assertEquals(split.other().toString(), me(second).getString("active_tenant_id"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE person_id = ?", split.requiringMember()));
    }

    @Test
    void signsInAgainByTheLinkedSubject() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        signIn(new FormBrowser(), email);
        FormBrowser second = new FormBrowser();
        assertEquals(303, signIn(second, email).status());
        assertEquals(user.toString(), me(second).getString("id"));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE user_id = ?", user));
    }

    /**
     * A first Google sign-in finished in two browsers at once (two tabs): Google provisions nobody, so a member's link
     * is all the two make, and it is the person's (global, V27); the one whose link meets the other's on the global key
     * is tried once more and finds it, so both are signed in ({@link RacedFirstSignIns#raceLink}; broken once: without
     * {@code sso_identities_global_key} among the keys retried the loser is 409 conflict).
     */
    @Test
    void twoFirstGoogleSignInsAtOnceAreBothSignedInAndMakeOneGlobalLink() throws Exception {
        String email = Keycloak.newUser("acme.test", true);
        UUID tenant = Tenants.create("Sso").tenantId();
        UUID user = People.store(UUID.randomUUID(), tenant, email, "Sso Person", "member",
                BCrypt.withDefaults().hashToString(4, People.PASSWORD.toCharArray()), true);
        List<FormBrowser> browsers = List.of(new FormBrowser(), new FormBrowser());
        List<Executable> checks = new ArrayList<>(RacedFirstSignIns.raceLink(tenant, email, Keycloak.subjectOf(email),
                browsers, OidcBrowserSignIn.toCallbacks(browsers, base, "google", email)));
        checks.add(() -> assertEquals("true " + user, Rows.single("SELECT global::text || ' ' || user_id FROM sso_identities"
                + " WHERE person_id = ? AND issuer = ?", user, Keycloak.issuerName()), "Google's link, the person's"));
        browsers.forEach(browser -> checks.add(() -> assertEquals(user.toString(), me(browser).getString("id"))));
        assertAll(checks);
    }

    @Test
    void refusesToLinkWhenTheProviderHasNotVerifiedTheEmail() {
        String email = Keycloak.newUser("acme.test", false);
        UUID user = account(email, true);
        FormBrowser.Page refused = signIn(new FormBrowser(), email);
        assertRefused(refused, 409, "sso-email-unverified", user);
    }

    /**
     * A consumer Google account can be made on any address, and Google marks it verified once its owner clicks a link
     * sent there: a role address passed on, or a domain since let go, would link whoever holds the Google account now.
     * Google is authoritative only for Gmail and for Workspace accounts (hd), so only those link.
     */
    @Test
    void refusesToLinkAConsumerGoogleAccountOnAnAddressGoogleDoesNotHost() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        Keycloak.asConsumerGoogleAccounts(() -> assertRefused(signIn(new FormBrowser(), email), 409, "sso-email-unverified", user));
        assertEquals(303, signIn(new FormBrowser(), email).status(), "the same account, as a Workspace account, links");
    }

    @Test
    void refusesToLinkWhenHumaneHasNotVerifiedTheEmail() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, false);
        assertRefused(signIn(new FormBrowser(), email), 409, "sso-email-unverified", user);
    }

    @Test
    void refusesAnIdentityWithoutAnAccount() {
        String email = Keycloak.newUser("acme.test", true);
        FormBrowser.Page refused = signIn(new FormBrowser(), email);
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("sso-no-account"), refused.body());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sso_identities WHERE email = ?", email));
    }

    @Test
    void refusesAReplayedCallback() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        FormBrowser browser = new FormBrowser();
        URI callback = toCallback(browser, email);
        assertEquals(303, browser.get(callback).status());
        String sessions = sessionsOf(user);

        FormBrowser.Page replayed = browser.get(callback);
        assertEquals(400, replayed.status(), replayed.body());
        assertTrue(replayed.body().contains("sso-flow-invalid"), replayed.body());
        assertEquals(sessions, sessionsOf(user));
    }

    @Test
    void refusesACallbackInABrowserThatDidNotBeginTheFlow() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        URI callback = toCallback(new FormBrowser(), email);
        FormBrowser other = new FormBrowser();
        other.get(base.resolve("api/v1/auth/oidc/google/login")); // a flow cookie of its own
        assertRefused(other.get(callback), 400, "sso-flow-invalid", user);
        assertRefused(new FormBrowser().get(callback), 400, "sso-flow-invalid", user);
    }

    @Test
    void refusesACodeRedeemedWithAnotherFlowsVerifier() {
        String email = Keycloak.newUser("acme.test", true);
        UUID user = account(email, true);
        FormBrowser victim = new FormBrowser();
        URI victimCallback = toCallback(victim, email);
        FormBrowser attacker = new FormBrowser();
        URI attackerCallback = toCallback(attacker, email);
        // The attacker's own state and cookie with the victim's code: PKCE binds the code to the victim's verifier.
        URI mixed = URI.create(attackerCallback.toString().replaceFirst("code=[^&]*",
                "code=" + OidcBrowserSignIn.query(victimCallback, "code")));
        assertRefused(attacker.get(mixed), 401, "sso-provider-error", user);
    }

    /**
     * A sign-in starts from this site only: a link or form of another site that starts one (login CSRF into the
     * attacker's tenant) is refused before any flow begins, a browser sent to the sign-in page; the console, a typed
     * address and clients that send no Sec-Fetch-Site start as before (broken once: every start answered 303 to the
     * provider).
     */
    @Test
    void aSignInStartedFromAnotherSiteIsRefusedBeforeAnyFlowBegins() {
        Keycloak.base(); // the provider a started sign-in is sent to is up
        for (String site : List.of("cross-site", "same-site")) {
            Api.Answer refused = api.send(api.request("api/v1/auth/oidc/google/login", null)
                    .header("Sec-Fetch-Site", site).GET());
            assertEquals(400, refused.status(), site + ": " + refused.body());
            assertEquals("https://humane.ai/problems/sso-flow-invalid", refused.problemType());
            assertTrue(refused.headers().allValues("Set-Cookie").isEmpty(), "no flow cookie: " + refused.headers());
            // A browser (an identity provider's app tile, too) lands on the sign-in page, which says to start again.
            Api.Answer page = api.send(api.request("api/v1/auth/oidc/google/login", null)
                    .header("Sec-Fetch-Site", site).header("Accept", "text/html").GET());
            assertEquals(303, page.status(), page.body());
            assertTrue(page.header("Location").endsWith("/sign-in?sso_error=sso-flow-invalid"), page.header("Location"));
            assertTrue(page.headers().allValues("Set-Cookie").isEmpty(), "no flow cookie: " + page.headers());
        }
        for (String site : List.of("same-origin", "none")) {
            Api.Answer started = api.send(api.request("api/v1/auth/oidc/google/login", null)
                    .header("Sec-Fetch-Site", site).GET());
            assertEquals(303, started.status(), site + ": " + started.body());
            assertTrue(started.header("Set-Cookie").startsWith("humane_sso_flow="), started.header("Set-Cookie"));
        }
    }

    @Test
    void refusesAProviderErrorAndAnUnknownProvider() {
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page login = browser.get(base.resolve("api/v1/auth/oidc/google/login"));
        String state = OidcBrowserSignIn.query(login.location().orElseThrow(), "state");
        FormBrowser.Page error = browser.get(base.resolve("api/v1/auth/oidc/google/callback?error=access_denied&state=" + state));
        assertEquals(401, error.status(), error.body());
        assertTrue(error.body().contains("sso-provider-error"));
        assertEquals(404, api.get("api/v1/auth/oidc/nowhere/login", null).status());
        assertEquals(404, api.get("api/v1/auth/oidc/" + "x".repeat(5000) + "/login", null).status());
        assertEquals(404, api.get("api/v1/auth/oidc/GOOGLE/login", null).status());
        Api.Answer noState = api.get("api/v1/auth/oidc/google/callback?code=abc", null);
        assertEquals(400, noState.status(), noState.body());
        assertEquals("application/problem+json", noState.header("Content-Type"));
    }

    /**
     * SSO callbacks are counted per client address before they are checked: one over the ceiling is answered 429
     * without being looked at, so the flow it names is not spent, and the same browser completes it under a ceiling
     * (here: from another address). Broken once: counted by the rate limit after the callback's checks, the 429 came
     * with the flow spent (the second answer 400).
     */
    @Test
    void aCallbackOverItsClientsCeilingIsAnswered429BeforeItIsChecked() {
        int ceiling = TestPlatform.SSO_CALLBACKS_PER_MINUTE;
        Keycloak.base(); // the provider a started sign-in is sent to is up
        FromAddress client = new FromAddress(FromAddress.fresh(), deployment.getPort());
        FromAddress.Reply login = client.get("api/v1/auth/oidc/google/login", Map.of());
        assertEquals(303, login.status(), login.toString());
        String flow = login.header("Set-Cookie").split(";", 2)[0];
        String callback = "api/v1/auth/oidc/google/callback?error=access_denied&state="
                + OidcBrowserSignIn.query(URI.create(login.header("Location")), "state");
        Minutes.leaveAtLeast(20);
        for (int i = 1; i <= ceiling; i++) {
            FromAddress.Reply cookieless = client.get(callback, Map.of());
            assertEquals(400, cookieless.status(), cookieless.toString());
            assertEquals("\"sso\";q=" + ceiling + ";w=60", cookieless.header("RateLimit-Policy"));
        }
        FromAddress.Reply over = client.get(callback, Map.of("Cookie", flow));
        assertEquals(429, over.status(), over.toString());
        assertTrue(over.header("RateLimit").startsWith("\"sso\";r=0;"), over.toString());
        assertEquals(404, client.get("api/v1/nothing/here", Map.of()).status(), "other requests are counted apart");

        FromAddress.Reply under = new FromAddress(FromAddress.fresh(), deployment.getPort()).get(callback, Map.of("Cookie", flow));
        assertEquals(401, under.status(), under.toString());
        assertTrue(under.body().contains("sso-provider-error"), under.body());
    }

    private FormBrowser.Page signIn(FormBrowser browser, String email) {
        return OidcBrowserSignIn.google(browser, base, email);
    }

    private URI toCallback(FormBrowser browser, String email) {
        return OidcBrowserSignIn.toCallback(browser, base, "google", email);
    }

    private void assertRefused(FormBrowser.Page refused, int status, String type, UUID user) {
        assertEquals(status, refused.status(), refused.body());
        assertTrue(refused.body().contains(type), refused.body());
        assertFalse(refused.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("humane_session=")));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sso_identities WHERE user_id = ?", user));
        assertEquals("0", sessionsOf(user));
    }

    private static String sessionsOf(UUID user) {
        return Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?", user);
    }

    private JsonObject me(FormBrowser browser) {
        FormBrowser.Page me = browser.get(base.resolve("api/v1/auth/me"));
        assertEquals(200, me.status(), me.body());
        try (var reader = Json.createReader(new StringReader(me.body()))) {
            return reader.readObject();
        }
    }

    /**
     * A person of a domain of their own, a member (not an owner) of a tenant that has verified that domain, used last,
     * and of another tenant.
     */
    private record Split(String email, String domain, TenantProvisioning.Provisioned requiring, UUID requiringMember,
                         UUID other, UUID otherMember) {
    }

    private static Split split() {
        String domain = "required-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String email = Keycloak.newUser(domain, true);
        TenantProvisioning.Provisioned requiring = Tenants.create("Requiring");
        UUID requiringMember = UUID.randomUUID();
        People.store(requiringMember, requiring.tenantId(), email, "Sso Person", "member", null, true);
        UUID other = Tenants.create("Other").tenantId();
        UUID otherMember = People.alsoMember(email, other, "member");
        Rows.execute("UPDATE users SET last_active_at = now() + interval '1 hour' WHERE id = ?", requiringMember);
        return new Split(email, domain, requiring, requiringMember, other, otherMember);
    }

    /** The tenant verifies {@code domain} (its TXT record published) and requires SSO for it. */
    private void requireSso(TenantProvisioning.Provisioned tenant, String domain) {
        Api.Answer claimed = api.post("api/v1/sso/domains", tenant.apiKey(), "{\"domain\":\"" + domain + "\"}");
        TestDns.publishTxt(claimed.json().getString("txt_name"), claimed.json().getString("txt_value"));
        String id = claimed.json().getString("id");
        assertEquals(200, api.post("api/v1/sso/domains/" + id + "/verify", tenant.apiKey(), "").status());
        Api.Answer required = api.patch("api/v1/sso/domains/" + id, tenant.apiKey(), "{\"require_sso\":true}");
        assertEquals(200, required.status(), required.body());
    }

    /** An account with this address in a tenant of its own, its e-mail verified or not. */
    private static UUID account(String email, boolean verified) {
        UUID tenant = Tenants.create("Sso").tenantId();
        UUID user = UUID.randomUUID();
        People.store(user, tenant, email, "Sso Person", "member", null, verified);
        return user;
    }
}
