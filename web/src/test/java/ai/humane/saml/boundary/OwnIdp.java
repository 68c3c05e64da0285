package ai.humane.saml.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.saml.control.TestIdp;
import ai.humane.testing.Api;
import ai.humane.testing.FormBrowser;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A tenant's SAML connection to an IdP of the test's (the test key, IdP-initiated on), and a domain it verified: its
 * responses are signed here, without an IdP round trip.
 */
record OwnIdp(JsonObject connection, String entityId, String domain) {

    /** Makes the connection, through the API, for the tenant of {@code key}, with metadata naming {@code entityId}. */
    static OwnIdp of(Api api, String key, String entityId) {
        String domain = SamlSignInIT.verifiedDomain(api, key);
        Api.Answer created = api.post(SamlConnectionsIT.CONNECTIONS, key, Json.createObjectBuilder()
                .add("name", "Own IdP").add("idp_metadata_xml", IdpMetadataFiles.metadata(entityId, "idp"))
                .add("idp_initiated", true).build().toString());
        assertEquals(201, created.status(), created.body());
        return new OwnIdp(created.json(), entityId, domain);
    }

    /** Posts a response of this IdP, signed with its key, for {@code nameId} and {@code email}, to the ACS. */
    FormBrowser.Page signIn(String nameId, String email) {
        return SamlSignInIT.post(new FormBrowser(), connection.getString("acs_url"), response(nameId, email));
    }

    /** A response of this IdP, signed with its key, for {@code nameId} and {@code email}: an assertion id of its own. */
    String response(String nameId, String email) {
        TestIdp idp = TestIdp.named("idp");
        idp.issuer = entityId;
        idp.destination = connection.getString("acs_url");
        idp.recipient = connection.getString("acs_url");
        idp.audience = connection.getString("sp_entity_id");
        idp.inResponseTo = null;
        idp.nameId = nameId;
        idp.email = email;
        return idp.encoded();
    }

    String id() {
        return connection.getString("id");
    }
}
