package ai.humane.sso.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.FormBrowser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.OidcBrowserSignIn;
import ai.humane.testing.People;
import ai.humane.testing.RacedFirstSignIns;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestDns;
import at.favre.lib.crypto.bcrypt.BCrypt;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A tenant's own OIDC connection (S5) and verified domains, against the real Keycloak: domains claimed and proven
 * by a TXT record the test publishes (never real DNS), public mail domains refused, a domain verified once; the
 * connection's secret sealed and never answered; sign-in through the connection provisions a verified-domain
 * e-mail just in time with the default role, and refuses e-mails outside the tenant's verified domains and
 * accounts of other tenants, storing nothing. Every route's malformed, oversized, unauthorised and cross-tenant
 * cases.
 */
class SsoConnectionsIT extends HttpTest {

    private final Api api = new Api(deployment);
    private final URI base = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");

    @Test
    void aDomainIsVerifiedByItsTxtRecordAndOnlyOnce() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = uniqueDomain();
        Api.Answer claimed = api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":\"" + domain.toUpperCase() + "\"}");
        assertEquals(201, claimed.status(), claimed.body());
        assertEquals(domain, claimed.json().getString("domain"));
        assertFalse(claimed.json().getBoolean("verified"));
        String id = claimed.json().getString("id");

        Api.Answer early = api.post("api/v1/sso/domains/" + id + "/verify", acme.apiKey(), "");
        assertEquals(409, early.status(), early.body());
        TestDns.publishTxt(claimed.json().getString("txt_name"), "something-else");
        assertEquals(409, api.post("api/v1/sso/domains/" + id + "/verify", acme.apiKey(), "").status());
        TestDns.publishTxt(claimed.json().getString("txt_name"), claimed.json().getString("txt_value"));
        Api.Answer verified = api.post("api/v1/sso/domains/" + id + "/verify", acme.apiKey(), "");
        assertEquals(200, verified.status(), verified.body());
        assertTrue(verified.json().getBoolean("verified"));

        TenantProvisioning.Provisioned rival = Tenants.create("Rival");
        Api.Answer second = api.post("api/v1/sso/domains", rival.apiKey(), "{\"domain\":\"" + domain + "\"}");
        assertEquals(201, second.status(), second.body());
        TestDns.publishTxt(second.json().getString("txt_name"), second.json().getString("txt_value"));
        Api.Answer taken = api.post("api/v1/sso/domains/" + second.json().getString("id") + "/verify", rival.apiKey(), "");
        assertEquals(409, taken.status(), taken.body());
        assertEquals("2", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action IN"
                + " ('sso.domain.claimed', 'sso.domain.verified') AND tenant_id = ?", acme.tenantId()));
    }

    @Test
    void domainsRefuseBadInputOutsidersAndOtherTenants() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        for (String bad : new String[] {"gmail.com", "mail.GoogleMail.com", "not a domain", "localhost", "a..b", "x".repeat(300) + ".com"}) {
            Api.Answer refused = api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":\"" + bad + "\"}");
            assertEquals(400, refused.status(), bad + ": " + refused.body());
        }
        assertEquals(400, api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":").status());
        assertEquals(400, api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":\"a.test\",\"tenant_id\":\"x\"}").status());
        assertEquals(401, api.post("api/v1/sso/domains", null, "{\"domain\":\"" + uniqueDomain() + "\"}").status());
        Browser member = Browser.signIn(api, People.member(acme.tenantId(), "member"), People.PASSWORD);
        assertEquals(403, member.write("POST", "api/v1/sso/domains", "{\"domain\":\"" + uniqueDomain() + "\"}").status());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sso_domains WHERE tenant_id = ?", acme.tenantId()));

        String id = api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":\"" + uniqueDomain() + "\"}").json().getString("id");
        TenantProvisioning.Provisioned other = Tenants.create("Other");
        assertEquals(404, api.get("api/v1/sso/domains/" + id, other.apiKey()).status());
        assertEquals(404, api.post("api/v1/sso/domains/" + id + "/verify", other.apiKey(), "").status());
        assertEquals(404, api.delete("api/v1/sso/domains/" + id, other.apiKey()).status());
        assertEquals(200, api.get("api/v1/sso/domains/" + id, acme.apiKey()).status());
        assertEquals(204, api.delete("api/v1/sso/domains/" + id, acme.apiKey()).status());
    }

    @Test
    void connectionsKeepTheirSecretSealedAndRefuseBadInputOutsidersAndOtherTenants() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        Api.Answer created = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("viewer"));
        assertEquals(201, created.status(), created.body());
        assertFalse(created.body().contains(Keycloak.TENANT_OIDC_SECRET), created.body());
        String id = created.json().getString("id");
        String stored = Rows.single("SELECT client_secret FROM oidc_connections WHERE id = ?::uuid", id);
        assertTrue(stored.startsWith("gAAAAA") && !stored.contains(Keycloak.TENANT_OIDC_SECRET), stored);

        assertEquals(400, api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("owner")).status());
        assertEquals(400, api.post("api/v1/sso/oidc/connections", acme.apiKey(),
                "{\"name\":\"x\",\"issuer\":\"http://10.0.0.1/realms/x\",\"client_id\":\"c\",\"client_secret\":\"s\"}").status());
        assertEquals(400, api.post("api/v1/sso/oidc/connections", acme.apiKey(),
                "{\"name\":\"x\",\"issuer\":\"ftp://idp.example\",\"client_id\":\"c\",\"client_secret\":\"s\"}").status());
        assertEquals(400, api.post("api/v1/sso/oidc/connections", acme.apiKey(), "{\"name\":\"" + "x".repeat(201)
                + "\",\"issuer\":\"" + Keycloak.issuerName() + "\",\"client_id\":\"c\",\"client_secret\":\"s\"}").status());
        assertEquals(401, api.post("api/v1/sso/oidc/connections", null, connection("member")).status());
        Browser member = Browser.signIn(api, People.member(acme.tenantId(), "member"), People.PASSWORD);
        assertEquals(403, member.write("POST", "api/v1/sso/oidc/connections", connection("member")).status());
        assertEquals(403, member.get("api/v1/sso/oidc/connections").status());

        TenantProvisioning.Provisioned other = Tenants.create("Other");
        assertEquals(404, api.get("api/v1/sso/oidc/connections/" + id, other.apiKey()).status());
        assertEquals(404, api.patch("api/v1/sso/oidc/connections/" + id, other.apiKey(), "{\"name\":\"mine\"}").status());
        assertEquals(404, api.delete("api/v1/sso/oidc/connections/" + id, other.apiKey()).status());
        Api.Answer renamed = api.patch("api/v1/sso/oidc/connections/" + id, acme.apiKey(), "{\"name\":\"Renamed\"}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("2", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action LIKE 'sso.oidc_connection.%'"
                + " AND resource_id = ?", id));
    }

    @Test
    void aFirstSignInThroughTheConnectionProvisionsAVerifiedDomainEmail() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = verifiedDomain(acme);
        String connection = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("viewer")).json().getString("id");
        String email = Keycloak.newUser(domain, true);

        FormBrowser browser = new FormBrowser();
        FormBrowser.Page landed = browser.get(toCallback(browser, connection, email));
        assertEquals(303, landed.status(), landed.body());
        FormBrowser.Page me = browser.get(base.resolve("api/v1/auth/me"));
        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"role\":\"viewer\"") && me.body().contains(acme.tenantId().toString()), me.body());
        assertEquals("viewer", Rows.single("SELECT role FROM users WHERE email = ? AND tenant_id = ?", email, acme.tenantId()));
        assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = 'sso.member_provisioned'"
                + " AND tenant_id = ?", acme.tenantId()));
    }

    /**
     * A connection re-pointed at another provider no longer vouches for what the old one did (V59): the session the
     * old issuer's sign-in opened ends, audited with the reason; a rename ends nothing.
     */
    @Test
    void aConnectionPointedAtAnotherIssuerEndsTheSessionsTheOldOneOpened() {
        Connected acme = connected("member");
        FormBrowser browser = new FormBrowser();
        assertEquals(303, browser.get(toCallback(browser, acme.connection(), acme.email())).status());
        assertEquals(200, browser.get(base.resolve("api/v1/auth/me")).status());
        String apiKey = acme.apiKey();

        assertEquals(200, api.patch("api/v1/sso/oidc/connections/" + acme.connection(), apiKey, "{\"name\":\"Renamed\"}")
                .status());
        assertEquals(200, browser.get(base.resolve("api/v1/auth/me")).status(), "a rename ends nothing");
        Api.Answer repointed = api.patch("api/v1/sso/oidc/connections/" + acme.connection(), apiKey,
                "{\"issuer\":\"" + Keycloak.issuerName() + "-elsewhere\"}");
        assertEquals(200, repointed.status(), repointed.body());
        assertEquals(401, browser.get(base.resolve("api/v1/auth/me")).status(), "the old issuer's session ended");
        assertEquals("1 issuer_changed", Rows.single("SELECT (after->>'sessions_ended') || ' ' || (after->>'because')"
                + " FROM admin_audit_events WHERE action = 'sso.sessions_ended' AND resource_id = ?", acme.connection()));
    }

    /**
     * A connection vouches only for its tenant's verified domains: deleting the proof of a domain ends the sessions the
     * tenant's connections opened for its people, audited with the reason; an unverified domain's deletion ends
     * nothing (broken once: the session lived on to its expiry).
     */
    @Test
    void deletingAVerifiedDomainEndsTheSessionsItsPeopleOpenedThroughTheConnection() {
        Connected acme = connected("member");
        FormBrowser browser = new FormBrowser();
        assertEquals(303, browser.get(toCallback(browser, acme.connection(), acme.email())).status());
        assertEquals(200, browser.get(base.resolve("api/v1/auth/me")).status());
        String domain = acme.email().substring(acme.email().indexOf('@') + 1);
        String proof = Rows.single("SELECT id::text FROM sso_domains WHERE domain = ?", domain);

        Api.Answer unverified = api.post("api/v1/sso/domains", acme.apiKey(), "{\"domain\":\"" + uniqueDomain() + "\"}");
        assertEquals(204, api.delete("api/v1/sso/domains/" + unverified.json().getString("id"), acme.apiKey()).status());
        assertEquals(200, browser.get(base.resolve("api/v1/auth/me")).status(), "another, unverified, domain ends nothing");
        assertEquals(204, api.delete("api/v1/sso/domains/" + proof, acme.apiKey()).status());
        assertEquals(401, browser.get(base.resolve("api/v1/auth/me")).status(), "the domain's session ended");
        assertEquals("1 domain_deleted", Rows.single("SELECT (after->>'sessions_ended') || ' ' || (after->>'because')"
                + " FROM admin_audit_events WHERE action = 'sso.sessions_ended' AND resource_id = ?", proof));
    }

    /**
     * A session the tenant's own connection opened vouches for that tenant only: it lists and ends only that tenant's
     * sessions of the person, and cannot set the person's second factor, which holds in every tenant, while the person
     * is a member elsewhere (a review, 2026-12-07; broken once: the provider's owner saw and ended the person's sessions
     * in another tenant and enrolled an authenticator of their own, locking the person out there).
     */
    @Test
    void aConnectionsSessionActsForItsTenantOnly() {
        Connected acme = connected("member");
        FormBrowser browser = new FormBrowser();
        assertEquals(303, browser.get(toCallback(browser, acme.connection(), acme.email())).status());
        UUID elsewhere = Tenants.create("Elsewhere").tenantId();
        UUID there = People.alsoMember(acme.email(), elsewhere, "member");
        UUID theirs = UUID.randomUUID();
        Rows.execute("INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at, absolute_expires_at,"
                + " by_password) VALUES (?, ?, ?, gen_random_bytes(32), gen_random_bytes(32), now() + interval '1 day',"
                + " now() + interval '2 days', true)", theirs, elsewhere, there);

        Api.Answer listed = asBrowser(browser, "GET", "api/v1/auth/sessions", null);
        assertEquals(200, listed.status(), listed.body());
        assertFalse(listed.body().contains(theirs.toString()), listed.body());
        assertTrue(listed.body().contains(acme.tenant().toString()), listed.body());
        assertEquals(404, asBrowser(browser, "DELETE", "api/v1/auth/sessions/" + theirs, null).status());
        assertNull(Rows.single("SELECT revoked_at::text FROM sessions WHERE id = ?", theirs), "not ended");
        Api.Answer enrol = asBrowser(browser, "POST", "api/v1/auth/mfa/totp", "{}");
        assertEquals(403, enrol.status(), enrol.body());
        assertEquals("https://humane.ai/problems/reauthentication-required", enrol.problemType());
        assertNull(Rows.single("SELECT totp_secret FROM people WHERE email = ?", acme.email()), "no enrolment begun");

        Rows.execute("DELETE FROM users WHERE id = ?", there);
        assertEquals(200, asBrowser(browser, "POST", "api/v1/auth/mfa/totp", "{}").status(), "a member of this tenant only");
    }

    /** A request with the browser's session cookie and its CSRF token, as the console sends it. */
    private Api.Answer asBrowser(FormBrowser browser, String method, String path, String json) {
        String csrf = browser.cookie("humane_csrf").orElseThrow();
        return api.send(api.request(path, null).header("Cookie", "humane_session="
                        + browser.cookie("humane_session").orElseThrow() + "; humane_csrf=" + csrf)
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * A person's first sign-in through the connection finished in two browsers at once: both provision the same
     * person, the one whose insert meets the other's is tried once more, with its ID token verified once, and finds
     * the winner's link, so both are signed in ({@link RacedFirstSignIns}; broken once: without the retry the loser
     * is 409 conflict).
     */
    @Test
    void twoFirstSignInsOfOnePersonAtOnceAreBothSignedInAndMakeOneLink() throws Exception {
        Connected acme = connected("member");
        List<FormBrowser> browsers = List.of(new FormBrowser(), new FormBrowser());
        assertAll(RacedFirstSignIns.race(acme.tenant(), acme.email(), Keycloak.subjectOf(acme.email()), browsers,
                OidcBrowserSignIn.toCallbacks(browsers, base, acme.connection(), acme.email())));
    }

    /**
     * A member already (a person with a password and Acme's membership) signs in through Acme's connection for the
     * first time in two browsers at once: nobody is provisioned, only the link is new, and the one whose link meets
     * the other's is tried once more and finds it, so both are signed in ({@link RacedFirstSignIns#raceLink}; broken
     * once: without {@code sso_identities_tenant_key} among the keys retried the loser is 409 conflict).
     */
    @Test
    void twoFirstSignInsOfAMemberAtOnceAreBothSignedInAndMakeOneLink() throws Exception {
        Connected acme = connected("viewer");
        UUID member = People.store(UUID.randomUUID(), acme.tenant(), acme.email(), "Ada", "member",
                BCrypt.withDefaults().hashToString(4, People.PASSWORD.toCharArray()), true);
        List<FormBrowser> browsers = List.of(new FormBrowser(), new FormBrowser());
        List<Executable> checks = new ArrayList<>(RacedFirstSignIns.raceLink(acme.tenant(), acme.email(),
                Keycloak.subjectOf(acme.email()), browsers,
                OidcBrowserSignIn.toCallbacks(browsers, base, acme.connection(), acme.email())));
        checks.add(() -> assertEquals("false " + member, Rows.single("SELECT global::text || ' ' || user_id"
                + " FROM sso_identities WHERE person_id = ?", member), "the connection's link, of the membership there was"));
        checks.add(() -> assertEquals("member", Rows.single("SELECT role FROM users WHERE id = ?", member),
                "not the connection's default role"));
        checks.add(() -> assertEquals(200, Browser.signIn(api, acme.email(), People.PASSWORD).get("api/v1/auth/me").status(),
                "the password still signs in"));
        assertAll(checks);
    }

    /** A tenant with a verified domain and an OIDC connection to Keycloak, and a new Keycloak user of that domain. */
    private record Connected(UUID tenant, String connection, String email, String apiKey) {
    }

    private Connected connected(String defaultRole) {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = verifiedDomain(acme);
        String connection = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection(defaultRole)).json().getString("id");
        return new Connected(acme.tenantId(), connection, Keycloak.newUser(domain, true), acme.apiKey());
    }

    @Test
    void theConnectionSignsInNobodyOutsideItsTenantsVerifiedDomains() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = verifiedDomain(acme);
        String connection = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("member")).json().getString("id");

        String stranger = Keycloak.newUser(uniqueDomain(), true);
        FormBrowser.Page outside = new FormBrowser().get(toCallback(new FormBrowser(), connection, stranger));
        assertEquals(400, outside.status(), "a callback in another browser than the one that began it: " + outside.body());
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page refused = browser.get(toCallback(browser, connection, stranger));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("sso-domain-not-verified"), refused.body());
        assertNull(Rows.single("SELECT id::text FROM users WHERE email = ?", stranger));

        String unverified = Keycloak.newUser(domain, false);
        FormBrowser third = new FormBrowser();
        FormBrowser.Page notVerified = third.get(toCallback(third, connection, unverified));
        assertEquals(409, notVerified.status(), notVerified.body());
        assertNull(Rows.single("SELECT id::text FROM users WHERE email = ?", unverified));

        // An account of another tenant in the verified domain: the connection does not reach it.
        String elsewhere = Keycloak.newUser(domain, true);
        TenantProvisioning.Provisioned other = Tenants.create("Other");
        People.store(UUID.randomUUID(), other.tenantId(), elsewhere, "x", "owner", null, true);
        FormBrowser fourth = new FormBrowser();
        FormBrowser.Page otherTenant = fourth.get(toCallback(fourth, connection, elsewhere));
        assertEquals(403, otherTenant.status(), otherTenant.body());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sso_identities WHERE email IN (?, ?, ?)", stranger, unverified, elsewhere));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?", elsewhere));
    }

    /**
     * V30: an identity a tenant's connection linked answers that tenant's connections only. The connection's issuer here
     * is the realm that also stands in for Google (as a Google Workspace connection shares Google's issuer), so the
     * pair is Google's too; yet Google's sign-in does not take the connection's link, which the tenant's own provider
     * made (and a tenant can make any link it likes): it links the person by the e-mail both sides verified, as for
     * anyone, and opens what Google opens, the membership used last.
     */
    @Test
    void anIdentityATenantsConnectionLinkedAnswersOnlyThatTenantsConnections() {
        TwoTenants person = personInTwoTenants();
        FormBrowser first = new FormBrowser();
        assertEquals(303, first.get(toCallback(first, person.connection(), person.email())).status());
        assertEquals("false", Rows.single("SELECT global::text FROM sso_identities WHERE person_id = ?", person.atAcme()));
        // The connection vouched for Acme's member: its session says so and cannot move to Rival.
        assertTrue(first.get(base.resolve("api/v1/auth/me")).body().contains("\"sso_session\":true"));
        assertEquals(403, switchTenant(first, person.email(), person.atRival()).status());
        usedLast(person.atRival());

        FormBrowser google = new FormBrowser();
        FormBrowser.Page landed = google.get(toCallback(google, "google", person.email()));
        assertEquals(303, landed.status(), landed.body());
        assertEquals("false true", Rows.single("SELECT string_agg(global::text, ' ' ORDER BY global) FROM sso_identities"
                + " WHERE person_id = ?", person.atAcme()),
                "Google linked the person beside the connection's link");
        assertActiveIn(google, Rows.single("SELECT tenant_id::text FROM users WHERE id = ?", person.atRival()));
        assertEquals(200, switchTenant(google, person.email(), person.atAcme()).status(), "Google's session is the person's");
    }

    private Api.Answer switchTenant(FormBrowser browser, String email, UUID membership) {
        String tenant = Rows.single("SELECT tenant_id::text FROM users WHERE id = ?", membership);
        return new Browser(api, email, browser.cookie("humane_session").orElseThrow(), browser.cookie("humane_csrf").orElseThrow(),
                List.of()).write("POST", "api/v1/auth/switch-tenant", "{\"tenant_id\":\"" + tenant + "\"}");
    }

    /** V27: a Google link is the person's, but a tenant's connection still opens only its own tenant with it. */
    @Test
    void aGoogleLinkedPersonComingThroughATenantsConnectionOpensOnlyThatTenant() {
        TwoTenants person = personInTwoTenants();
        usedLast(person.atAcme());
        FormBrowser google = new FormBrowser();
        assertEquals(303, google.get(toCallback(google, "google", person.email())).status());
        assertEquals("true", Rows.single("SELECT global::text FROM sso_identities WHERE person_id = ?", person.atAcme()));
        usedLast(person.atRival());

        FormBrowser browser = new FormBrowser();
        FormBrowser.Page landed = browser.get(toCallback(browser, person.connection(), person.email()));
        assertEquals(303, landed.status(), landed.body());
        assertActiveIn(browser, person.acme());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?", person.atRival()));
        assertEquals("false", Rows.single("SELECT global::text FROM sso_identities WHERE user_id = ? AND NOT global",
                person.atAcme()), "the connection made a link of its own, in Acme (V30)");
        assertEquals(403, switchTenant(browser, person.email(), person.atRival()).status());
    }

    private record TwoTenants(UUID acme, String connection, String email, UUID atAcme, UUID atRival) {
    }

    /** A person of Acme's verified domain, with a membership in Acme (which has a connection) and one in Rival. */
    private TwoTenants personInTwoTenants() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = verifiedDomain(acme);
        String connection = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("member")).json().getString("id");
        String email = Keycloak.newUser(domain, true);
        UUID atAcme = People.store(UUID.randomUUID(), acme.tenantId(), email, "Ada", "member", null, true);
        UUID atRival = People.alsoMember(email, Tenants.create("Rival").tenantId(), "member");
        return new TwoTenants(acme.tenantId(), connection, email, atAcme, atRival);
    }

    private static void usedLast(UUID membership) {
        assertEquals(1, Rows.execute("UPDATE users SET last_active_at = now() + interval '1 hour' WHERE id = ?", membership));
    }

    private void assertActiveIn(FormBrowser browser, Object tenant) {
        FormBrowser.Page me = browser.get(base.resolve("api/v1/auth/me"));
        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"active_tenant_id\":\"" + tenant + "\""), me.body());
    }

    @Test
    void anEmailOfAVerifiedDomainIsSentToItsTenantsConnection() {
        TenantProvisioning.Provisioned acme = Tenants.create("Acme");
        String domain = verifiedDomain(acme);
        assertEquals(404, api.get("api/v1/auth/sso?email=someone@" + domain, null).status(), "no connection yet");
        String connection = api.post("api/v1/sso/oidc/connections", acme.apiKey(), connection("member")).json().getString("id");
        Api.Answer routed = api.get("api/v1/auth/sso?email=Someone@" + domain.toUpperCase(), null);
        assertEquals(303, routed.status(), routed.body());
        assertTrue(routed.header("Location").endsWith("/api/v1/auth/oidc/" + connection + "/login"), routed.header("Location"));

        Api.Answer unknown = api.get("api/v1/auth/sso?email=someone@" + uniqueDomain(), null);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("application/problem+json", unknown.header("Content-Type"));
        assertEquals(400, api.get("api/v1/auth/sso?email=not-an-address", null).status());
        assertEquals(400, api.get("api/v1/auth/sso", null).status());
        assertEquals(400, api.get("api/v1/auth/sso?email=" + "a".repeat(400) + "@" + domain, null).status());
    }

    private String connection(String role) {
        return "{\"name\":\"Acme Keycloak\",\"issuer\":\"" + Keycloak.issuerName() + "\",\"client_id\":\""
                + Keycloak.TENANT_OIDC_CLIENT + "\",\"client_secret\":\"" + Keycloak.TENANT_OIDC_SECRET
                + "\",\"default_role\":\"" + role + "\"}";
    }

    private String verifiedDomain(TenantProvisioning.Provisioned tenant) {
        String domain = uniqueDomain();
        Api.Answer claimed = api.post("api/v1/sso/domains", tenant.apiKey(), "{\"domain\":\"" + domain + "\"}");
        TestDns.publishTxt(claimed.json().getString("txt_name"), claimed.json().getString("txt_value"));
        Api.Answer verified = api.post("api/v1/sso/domains/" + claimed.json().getString("id") + "/verify", tenant.apiKey(), "");
        assertEquals(200, verified.status(), verified.body());
        return domain;
    }

    private URI toCallback(FormBrowser browser, String connection, String email) {
        return OidcBrowserSignIn.toCallback(browser, base, connection, email);
    }

    private static String uniqueDomain() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }
}
