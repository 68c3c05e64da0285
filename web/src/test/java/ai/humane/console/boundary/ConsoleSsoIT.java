package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.accounts.boundary.SecondFactorIT;
import ai.humane.saml.boundary.IdpMetadataFiles;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Chromium;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.TestDns;
import ai.humane.testing.Tenants;
import at.favre.lib.crypto.bcrypt.BCrypt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's single sign-on in the real headless Chromium against the shared server and the real Keycloak of
 * the SSO tests: an owner claims a domain, reads the TXT record from the page, verifies it, adds the Keycloak
 * realm as the organization's OIDC connection and a SAML connection (its SP metadata downloadable, then deleted);
 * someone of that domain then signs in with "Continue with SSO", through Keycloak's own login form, and lands in
 * the console as a member provisioned just in time. The connection's name carries markup, which must stay text;
 * a CSP violation or console error fails the test. Connections and domains decide who may sign in as whom, so
 * they are the owners' alone (T2): an admin gets neither the page nor, from the API, the write.
 */
class ConsoleSsoIT extends HttpTest {

    private static final String XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    @Test
    void anOwnerConnectsKeycloakAndSomeoneOfTheDomainSignsInThroughTheSsoButton() {
        TenantProvisioning.Provisioned tenant = Tenants.create("SsoConsole");
        String owner = People.member(tenant.tenantId(), "owner");
        String domain = "acme-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String person = Keycloak.newUser(domain, true);
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, owner, "/monitor");
            verifyDomain(chromium, domain);
            addOidcConnection(chromium);
            addAndDeleteSamlConnection(chromium);
            assertEquals(0L, chromium.driver().executeScript(
                    "return document.querySelectorAll('main img, main script, img[src=\"x\"]').length"), "a name became markup");
            chromium.click("Sign out");
            chromium.waitForText("Welcome back.");
            chromium.waitForText("Sign in with Google");
            chromium.wait(30).until(d -> d.findElements(By.className("toast")).isEmpty());
            chromium.screenshot("sign-in-options");

            chromium.type("Work e-mail", "someone@unknown-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
            chromium.click("Continue with SSO");
            chromium.waitForText("This sign-in method is not configured");
            continueWithSso(chromium, person);
            chromium.wait(60).until(d -> "/engines".equals(chromium.path()));
            chromium.waitForText("Signed in · member");
            assertEquals("member", Rows.single("SELECT role FROM users WHERE email = ? AND tenant_id = ?", person, tenant.tenantId()));
            chromium.assertNoConsoleErrors();
        }
    }

    /**
     * S8 in the console: a member with a second factor comes back from the identity provider to the sign-in page's
     * second step (the challenge read from the address's fragment and taken out of it), types the authenticator's
     * code and is signed in; before the code, the browser holds no session.
     */
    @Test
    void aMemberWithASecondFactorIsAskedForItAfterTheIdentityProvider() {
        Api api = new Api(deployment);
        TenantProvisioning.Provisioned tenant = Tenants.create("SsoFactor");
        String domain = verifiedDomain(api, tenant.apiKey());
        Api.Answer connection = api.post("api/v1/sso/oidc/connections", tenant.apiKey(), "{\"name\":\"Keycloak\",\"issuer\":\""
                + Keycloak.issuerName() + "\",\"client_id\":\"" + Keycloak.TENANT_OIDC_CLIENT + "\",\"client_secret\":\""
                + Keycloak.TENANT_OIDC_SECRET + "\",\"default_role\":\"member\"}");
        assertEquals(201, connection.status(), connection.body());
        String person = Keycloak.newUser(domain, true);
        People.store(UUID.randomUUID(), tenant.tenantId(), person, "Ada", "member",
                BCrypt.withDefaults().hashToString(4, People.PASSWORD.toCharArray()), true);
        SecondFactorIT.Enrolled factor = SecondFactorIT.enrol(Browser.signIn(api, person, People.PASSWORD));
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            chromium.open("/sign-in");
            continueWithSso(chromium, person);
            chromium.waitForText("your second factor is asked next");
            assertFalse(chromium.driver().getCurrentUrl().contains("#"), chromium.driver().getCurrentUrl());
            assertTrue(chromium.driver().manage().getCookieNamed("humane_session") == null, "a session before the code");
            chromium.type("Code", factor.code(0));
            chromium.click("Verify");
            chromium.wait(60).until(d -> "/engines".equals(chromium.path()));
            chromium.waitForText("Signed in · member");
            chromium.assertNoConsoleErrors();
        }
    }

    /** "Continue with SSO" for {@code person}, through Keycloak's own login form. */
    private static void continueWithSso(Chromium chromium, String person) {
        chromium.type("Work e-mail", person);
        chromium.click("Continue with SSO");
        chromium.wait(60).until(d -> d.getCurrentUrl().startsWith(Keycloak.issuerName()));
        chromium.driver().findElement(By.id("username")).sendKeys(person);
        chromium.driver().findElement(By.id("password")).sendKeys(Keycloak.PASSWORD);
        chromium.driver().findElement(By.id("kc-login")).click();
    }

    /** A fresh domain the tenant verified through the API, by its TXT record. */
    private static String verifiedDomain(Api api, String key) {
        String domain = "acme-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Api.Answer claimed = api.post("api/v1/sso/domains", key, "{\"domain\":\"" + domain + "\"}");
        assertEquals(201, claimed.status(), claimed.body());
        TestDns.publishTxt(claimed.json().getString("txt_name"), claimed.json().getString("txt_value"));
        assertEquals(200, api.post("api/v1/sso/domains/" + claimed.json().getString("id") + "/verify", key, "").status());
        return domain;
    }

    private static void verifyDomain(Chromium chromium, String domain) {
        chromium.open("/sso");
        chromium.waitForText("No domains yet.");
        chromium.click("Add a domain");
        chromium.type("Domain", domain.toUpperCase());
        chromium.click("Add domain");
        chromium.waitForText("_humane-verification." + domain);
        String name = text(chromium, "//dt[normalize-space()='TXT name']/following-sibling::dd[1]");
        String value = text(chromium, "//dt[normalize-space()='TXT value']/following-sibling::dd[1]");
        assertEquals(Rows.single("SELECT count(*)::text FROM sso_domains WHERE domain = ?", domain), "1");
        chromium.click("Verify");
        chromium.waitForText("No TXT record " + name);
        TestDns.publishTxt(name, value);
        chromium.click("Verify");
        chromium.waitForText(domain + " is verified.");
        chromium.waitForText("Require SSO");
        chromium.assertNoConsoleErrors();
    }

    private static void addOidcConnection(Chromium chromium) {
        chromium.click("Add an OpenID Connect connection");
        chromium.type("Name of the OIDC connection", XSS);
        chromium.type("Issuer", Keycloak.issuerName());
        chromium.type("Client id", Keycloak.TENANT_OIDC_CLIENT);
        chromium.type("Client secret", Keycloak.TENANT_OIDC_SECRET);
        chromium.click("Add OIDC connection");
        chromium.waitForText(Keycloak.TENANT_OIDC_CLIENT);
        chromium.waitForText(XSS);
        chromium.waitForText("/callback");
        assertFalse(chromium.driver().getPageSource().contains(Keycloak.TENANT_OIDC_SECRET), "the client secret is still in the page");
        chromium.assertNoConsoleErrors();
    }

    private static void addAndDeleteSamlConnection(Chromium chromium) {
        String entity = "https://idp.test/" + UUID.randomUUID();
        chromium.click("Add a SAML connection");
        chromium.type("Name of the SAML connection", "SAML " + XSS);
        chromium.type("IdP metadata URL", IdpMetadataFiles.shared().serve(IdpMetadataFiles.metadata(entity, "idp")));
        chromium.click("Add SAML connection");
        chromium.waitForText(entity);
        chromium.waitForText("SAML " + XSS);
        WebElement metadata = chromium.driver().findElement(By.xpath("//a[normalize-space()='SP metadata']"));
        assertTrue(metadata.getAttribute("href").matches(".*/api/v1/auth/saml/[0-9a-f-]{36}/metadata"), metadata.getAttribute("href"));
        Object answer = chromium.script("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text().then(t => done(r.status + ' ' + t.includes('EntityDescriptor'))));",
                metadata.getAttribute("href"));
        assertEquals("200 true", answer);
        chromium.screenshot("sso-settings");
        chromium.driver().findElement(By.xpath("//tr[contains(., '" + entity + "')]//button[normalize-space()='Delete']")).click();
        chromium.click("Delete connection");
        chromium.waitForText("No SAML connection.");
        chromium.assertNoConsoleErrors();
    }

    private static String text(Chromium chromium, String xpath) {
        return chromium.wait(30).until(d -> d.findElement(By.xpath(xpath))).getText();
    }

    @Test
    void anAdminGetsNoSsoControlsAndTheApiRefusesAnyway() {
        TenantProvisioning.Provisioned tenant = Tenants.create("SsoAdmin");
        String admin = People.member(tenant.tenantId(), "admin");
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            ConsoleSignIn.withPassword(chromium, admin, "/monitor");
            assertFalse(chromium.bodyText().contains("Single sign-on"), "an admin is shown the SSO page");
            chromium.open("/sso");
            chromium.waitForText("This page is for owners; you are admin.");
            assertTrue(chromium.buttons("Add a domain").isEmpty());
            assertEquals(403L, ConsoleSignIn.write(chromium, "POST", "/api/v1/sso/domains", "{\"domain\":\"acme-admin.test\"}"));
            assertEquals("0", Rows.single("SELECT count(*)::text FROM sso_domains WHERE tenant_id = ?", tenant.tenantId()));
            chromium.assertNoConsoleErrors();
        }
    }

    @Test
    void theSignInOptionsSayGoogleIsConfiguredAndNothingElse() {
        Api.Answer options = new Api(deployment).get("api/v1/public/sign-in-options", null);
        assertEquals(200, options.status(), options.body());
        assertEquals("{\"google\":true}", options.body());
        assertTrue(options.header("RateLimit-Policy").startsWith("\"public\""), options.header("RateLimit-Policy"));
        assertEquals(405, new Api(deployment).post("api/v1/public/sign-in-options", null, "{}").status());
    }
}
