package ai.humane.saml.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SAML connections API (S6): owners only, audited, one tenant's connections invisible to another. */
class SamlConnectionsIT extends HttpTest {

    static final String CONNECTIONS = "api/v1/sso/saml/connections";

    private Api api;
    private UUID tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var provisioned = Tenants.create("Saml");
        tenant = provisioned.tenantId();
        key = provisioned.apiKey();
    }

    static String body(String name, String metadata) {
        return Json.createObjectBuilder().add("name", name).add("idp_metadata_xml", metadata).build().toString();
    }

    @Test
    void anOwnerCreatesReadsChangesAndDeletesAConnectionEachStepAudited() {
        Api.Answer created = api.post(CONNECTIONS, key, body("Corp IdP",
                IdpMetadataFiles.metadata("https://idp.test/corp", "idp", "other")));
        assertEquals(201, created.status(), created.body());
        var connection = created.json();
        String id = connection.getString("id");
        assertTrue(created.header("Location").endsWith(CONNECTIONS + "/" + id));
        assertEquals("https://idp.test/corp", connection.getString("idp_entity_id"));
        assertEquals("https://idp.test/sso", connection.getString("idp_sso_url"));
        assertTrue(connection.getBoolean("idp_wants_signed_requests"));
        assertEquals("member", connection.getString("default_role"));
        assertFalse(connection.getBoolean("idp_initiated"), "IdP-initiated is off unless turned on");
        assertTrue(connection.getString("acs_url").endsWith("/api/v1/auth/saml/" + id + "/acs"));
        assertTrue(connection.getString("sp_entity_id").endsWith("/api/v1/auth/saml/" + id + "/metadata"));
        JsonArray certificates = connection.getJsonArray("certificates");
        assertEquals(2, certificates.size(), "both certificates of a rollover are trusted");
        assertNotNull(certificates.getJsonObject(0).getString("not_after"));
        assertEquals(64, certificates.getJsonObject(0).getString("sha256").length());

        assertEquals(id, api.get(CONNECTIONS + "/" + id, key).json().getString("id"));
        assertEquals(1, api.get(CONNECTIONS, key).json().getJsonArray("data").size());

        Api.Answer changed = api.patch(CONNECTIONS + "/" + id, key,
                "{\"name\":\"Renamed\",\"default_role\":\"viewer\",\"idp_initiated\":true,"
                        + "\"idp_metadata_xml\":" + Json.createValue(IdpMetadataFiles.metadata("https://idp.test/corp", "other")) + "}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals("viewer", changed.json().getString("default_role"));
        assertTrue(changed.json().getBoolean("idp_initiated"));
        assertEquals(1, changed.json().getJsonArray("certificates").size(), "new metadata replaces the trusted set");

        assertEquals(204, api.delete(CONNECTIONS + "/" + id, key).status());
        assertEquals(404, api.get(CONNECTIONS + "/" + id, key).status());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM saml_certificates WHERE connection_id = ?::uuid", id));
        assertEquals("saml_connection.created saml_connection.updated saml_connection.deleted",
                Rows.single("SELECT string_agg(action, ' ' ORDER BY seq) FROM admin_audit_events WHERE resource_id = ?", id));
        String update = Rows.single("SELECT before::text || ' -> ' || after::text FROM admin_audit_events "
                + "WHERE resource_id = ? AND action = 'saml_connection.updated'", id);
        assertTrue(update.contains("\"default_role\": \"member\"") && update.contains("\"default_role\": \"viewer\""), update);
    }

    @Test
    void metadataIsFetchedFromAUrlThroughTheGuard() {
        String url = IdpMetadataFiles.shared().serve(IdpMetadataFiles.metadata("https://idp.test/by-url", "idp"));
        Api.Answer created = api.post(CONNECTIONS, key, "{\"name\":\"By URL\",\"idp_metadata_url\":\"" + url + "\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("https://idp.test/by-url", created.json().getString("idp_entity_id"));
        assertEquals(url, created.json().getString("idp_metadata_url"));
        assertNotNull(created.json().getString("metadata_fetched_at"));

        for (String refused : new String[] {"http://10.1.2.3/metadata", "http://169.254.169.254/latest/meta-data",
                IdpMetadataFiles.shared().serve("<not-metadata/>"), "http://" + IdpMetadataFiles.allowList() + "/missing"}) {
            Api.Answer answer = api.post(CONNECTIONS, key, "{\"name\":\"x\",\"idp_metadata_url\":\"" + refused + "\"}");
            assertEquals(400, answer.status(), refused + " -> " + answer.body());
            assertTrue(answer.problemType().endsWith("/invalid-idp-metadata"), answer.body());
        }
        assertEquals("1", stored());
    }

    @Test
    void badMetadataAndMalformedBodiesAreRefusedAndStoreNothing() {
        String good = IdpMetadataFiles.metadata("https://idp.test/corp", "idp");
        for (String metadata : new String[] {
                "<md:EntityDescriptor", "not xml at all",
                "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + good,
                good.replaceAll("<md:KeyDescriptor.*</md:KeyDescriptor>", ""),
                good.replace("HTTP-Redirect", "HTTP-Artifact"),
                "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                        + good.replaceAll("^<[^>]*>", "<md:EntityDescriptor entityID=\"a\">") + "</md:EntitiesDescriptor>"
                        .replace("</md:EntitiesDescriptor>", good.replaceAll("^<[^>]*>", "<md:EntityDescriptor xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"b\">") + "</md:EntitiesDescriptor>"),
                good.replace("MII", "!!!"),
                // What the database could not keep (IdpMetadataTest has each limit): an entityID longer than a link's
                // issuer, a sign-on URL that is only its scheme.
                IdpMetadataFiles.metadata("https://idp.test/" + "e".repeat(600), "idp"),
                good.replace("https://idp.test/sso", "http://")}) {
            Api.Answer answer = api.post(CONNECTIONS, key, body("Bad", metadata));
            assertEquals(400, answer.status(), metadata + " -> " + answer.body());
            assertEquals("https://humane.ai/problems/invalid-idp-metadata", answer.problemType(), answer.body());
        }
        for (String body : new String[] {
                "{\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"\",\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"" + "n".repeat(101) + "\",\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"both\",\"idp_metadata_url\":\"https://idp.test/m\",\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"neither\"}",
                "{\"name\":\"role\",\"default_role\":\"owner\",\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"tenant\",\"tenant_id\":\"" + UUID.randomUUID() + "\",\"idp_metadata_xml\":" + Json.createValue(good) + "}",
                "{\"name\":\"big\",\"idp_metadata_xml\":\"" + "x".repeat(262_145) + "\"}",
                "{\"name\":"}) {
            Api.Answer answer = api.post(CONNECTIONS, key, body);
            assertEquals(400, answer.status(), body.substring(0, Math.min(body.length(), 120)) + " -> " + answer.body());
        }
        assertEquals(415, api.send(CONNECTIONS, key, "POST", "text/xml", good).status());
        assertEquals("0", stored());
    }

    /**
     * A connection stored before its metadata was checked for what a link can keep (an entityID over 500 characters),
     * as the database holds it after V47: its owner sees why on the connection; its login refuses to send the browser
     * to the IdP, and a response its IdP signed is refused at the ACS, both 401 {@code saml-response-refused} with
     * nothing stored (broken once: the login 303, the ACS 500 on the link's CHECK); metadata given again mends it.
     */
    @Test
    void aConnectionStoredWithAnEntityIdNoLinkCanHoldIsRefusedAtSignInAndMendedByNewMetadata() {
        OwnIdp idp = OwnIdp.of(api, key, "https://idp.test/stored");
        String longId = "https://idp.test/" + "e".repeat(600);
        Rows.execute("UPDATE saml_connections SET idp_entity_id = ?, metadata_xml = ?, metadata_error = ?"
                + " WHERE id = ?::uuid", longId, IdpMetadataFiles.metadata(longId, "idp"),
                "The IdP's entityID is longer than 500 characters", idp.id());
        Api.Answer shown = api.get(CONNECTIONS + "/" + idp.id(), key);
        assertEquals("The IdP's entityID is longer than 500 characters", shown.json().getString("metadata_error"),
                shown.body());

        Api.Answer login = api.get(idp.connection().getString("login_url"), null);
        assertEquals(401, login.status(), login.body());
        assertEquals("https://humane.ai/problems/saml-response-refused", login.problemType(), login.body());
        assertTrue(login.body().contains("longer than 500 characters"), login.body());
        // A person's browser lands on the sign-in page, which says why in words, as after a refused ACS (broken once:
        // the problem document in the browser).
        Api.Answer browser = api.send(api.request(idp.connection().getString("login_url"), null)
                .header("Accept", "text/html,application/xhtml+xml;q=0.9").GET());
        assertEquals(303, browser.status(), browser.body());
        assertEquals("/sign-in?sso_error=saml-response-refused", URI.create(browser.header("Location")).getRawPath() + "?"
                + URI.create(browser.header("Location")).getRawQuery());
        String email = "stored@" + idp.domain();
        var refused = new OwnIdp(idp.connection(), longId, idp.domain()).signIn("stored-subject", email);
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.body().contains("saml-response-refused") && refused.body().contains("longer than 500"),
                refused.body());
        assertEquals("0 0 0", Rows.single("SELECT (SELECT count(*) FROM users WHERE email = ?) || ' ' ||"
                + " (SELECT count(*) FROM saml_requests WHERE connection_id = ?::uuid) || ' ' ||"
                + " (SELECT count(*) FROM saml_assertions_seen WHERE connection_id = ?::uuid)", email, idp.id(), idp.id()));

        Api.Answer mended = api.patch(CONNECTIONS + "/" + idp.id(), key, "{\"idp_metadata_xml\":"
                + Json.createValue(IdpMetadataFiles.metadata("https://idp.test/mended", "idp")) + "}");
        assertEquals(200, mended.status(), mended.body());
        assertTrue(mended.json().isNull("metadata_error"), mended.body());
        var signedIn = new OwnIdp(idp.connection(), "https://idp.test/mended", idp.domain()).signIn("stored-subject", email);
        assertEquals(303, signedIn.status(), signedIn.body());
    }

    @Test
    void onlyOwnersOfTheTenantReachIt() {
        String id = api.post(CONNECTIONS, key, body("Corp", IdpMetadataFiles.metadata("https://idp.test/corp", "idp")))
                .json().getString("id");
        assertEquals(401, api.get(CONNECTIONS, null).status());
        assertEquals(401, api.post(CONNECTIONS, null, body("x", "<x/>")).status());

        Browser member = Browser.signIn(api, People.member(tenant, "member"), People.PASSWORD);
        assertEquals(403, member.get(CONNECTIONS).status());
        assertEquals(403, member.write("DELETE", CONNECTIONS + "/" + id, "").status());
        // An admin is refused too: a connection can sign in as anyone of the tenant's domains, the owners included.
        Browser admin = Browser.signIn(api, People.member(tenant, "admin"), People.PASSWORD);
        assertEquals(403, admin.get(CONNECTIONS + "/" + id).status());
        assertEquals(403, admin.write("PATCH", CONNECTIONS + "/" + id, "{\"name\":\"by admin\"}").status());
        assertEquals(403, admin.write("POST", CONNECTIONS, body("Admin's", IdpMetadataFiles.metadata("https://idp.test/adm", "idp"))).status());
        Browser owner = Browser.signIn(api, People.member(tenant, "owner"), People.PASSWORD);
        assertEquals(403, owner.writeWithoutCsrf("PATCH", CONNECTIONS + "/" + id, "{\"name\":\"csrf\"}").status());
        assertEquals(200, owner.write("PATCH", CONNECTIONS + "/" + id, "{\"name\":\"by owner\"}").status());

        String other = Tenants.create("Other").apiKey();
        assertEquals(404, api.get(CONNECTIONS + "/" + id, other).status());
        assertEquals(404, api.patch(CONNECTIONS + "/" + id, other, "{\"name\":\"taken\"}").status());
        assertEquals(404, api.delete(CONNECTIONS + "/" + id, other).status());
        assertEquals(0, api.get(CONNECTIONS, other).json().getJsonArray("data").size());
        assertEquals("by owner", api.get(CONNECTIONS + "/" + id, key).json().getString("name"));
    }

    private String stored() {
        return Rows.single("SELECT count(*)::text FROM saml_connections WHERE tenant_id = ?", tenant);
    }
}
