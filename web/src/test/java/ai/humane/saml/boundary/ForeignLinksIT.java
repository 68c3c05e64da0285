package ai.humane.saml.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.Api;
import ai.humane.testing.FormBrowser;
import ai.humane.testing.OidcBrowserSignIn;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * S5, S6 end to end: what a tenant's own SAML IdP says binds that tenant only. Any signed-up owner can make a
 * connection whose metadata names any entityID (Google's issuer here, the Keycloak realm standing in for Google) and
 * whose IdP asserts any NameID (the victim's Google subject). The link such a sign-in makes must not answer the
 * victim's Google sign-in, which would open the attacker's member for them.
 */
class ForeignLinksIT extends HttpTest {

    private final Api api = new Api(deployment);
    private final URI base = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");

    @Test
    void aTenantsIdpThatClaimsGooglesIssuerAndAVictimsSubjectDoesNotCaptureTheVictimsGoogleSignIn() {
        // The victim: a verified member of their own tenant, with a Google account (Keycloak) they never used here.
        String victimEmail = Keycloak.newUser("victims-" + UUID.randomUUID().toString().substring(0, 8) + ".test", true);
        UUID victimsTenant = Tenants.create("Victims").tenantId();
        UUID victim = UUID.randomUUID();
        People.store(victim, victimsTenant, victimEmail, "Victim", "member", null, true);
        String victimSubject = Keycloak.subjectOf(victimEmail);

        // The attacker: a tenant with a verified domain and a SAML connection whose IdP is theirs, named as Google.
        var rogue = Tenants.create("Rogue");
        OwnIdp idp = ownIdp(rogue.apiKey(), Keycloak.issuerName());
        FormBrowser.Page stooge = idp.signIn(victimSubject, "stooge@" + idp.domain());
        assertEquals(303, stooge.status(), "the rogue IdP's sign-in provisions its member: " + stooge.body());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE tenant_id = ? AND subject = ?"
                + " AND NOT global", rogue.tenantId(), victimSubject));

        // The victim signs in with Google: they reach their own account, linked now, and nothing of the rogue's.
        FormBrowser browser = new FormBrowser();
        FormBrowser.Page landed = OidcBrowserSignIn.google(browser, base, victimEmail);
        assertEquals(303, landed.status(), landed.body());
        JsonObject me = me(browser);
        assertEquals(victim.toString(), me.getString("id"), me.toString());
        assertEquals(victimsTenant.toString(), me.getString("tenant_id"), me.toString());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE user_id = ? AND subject = ?"
                + " AND global", victim, victimSubject));
    }

    /** What a tenant's IdP asserts is input: a NameID no link can hold is refused as an unusable answer, not a 500. */
    @Test
    void aNameIdTooLongToLinkIsRefusedAndNothingIsStored() {
        OwnIdp idp = ownIdp(Tenants.create("LongNames").apiKey(), "https://idp.test/long");
        FormBrowser.Page refused = idp.signIn("n".repeat(300), "long@" + idp.domain());
        assertEquals(401, refused.status(), refused.body());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM users WHERE email = ?", "long@" + idp.domain()));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM saml_assertions_seen WHERE connection_id = ?::uuid",
                idp.connection().getString("id")));
    }

    private OwnIdp ownIdp(String key, String entityId) {
        return OwnIdp.of(api, key, entityId);
    }

    private JsonObject me(FormBrowser browser) {
        FormBrowser.Page me = browser.get(base.resolve("api/v1/auth/me"));
        assertEquals(200, me.status(), me.body());
        try (var reader = Json.createReader(new StringReader(me.body()))) {
            return reader.readObject();
        }
    }
}
