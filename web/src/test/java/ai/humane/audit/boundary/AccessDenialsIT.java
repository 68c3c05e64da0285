package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L1, T2 over HTTP: a viewer's or member's attempt at an owner's or admin's action is audited as
 * {@code access.denied} with actor, method, route template and the role it needed, once a minute per caller and
 * route however often it is repeated; other tenants see nothing of it.
 */
class AccessDenialsIT extends HttpTest {

    private static final String DENIALS = "api/v1/audit-events?action=access.denied&limit=100";

    private Api api;
    private Provisioned tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        People.forgetLoopback();
        tenant = Tenants.create("Denied");
    }

    @Test
    void aViewersRepeatedForbiddenRequestIsAuditedOnce() {
        String email = People.member(tenant.tenantId(), "viewer");
        Browser viewer = Browser.signIn(api, email, People.PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertEquals(403, viewer.write("POST", "api/v1/api-keys", "{\"name\":\"k" + i + "\"}").status());
        }
        List<JsonObject> events = denials(tenant.apiKey());
        assertEquals(1, events.size(), events.toString());
        JsonObject event = events.get(0);
        assertEquals("user", event.getJsonObject("actor").getString("type"));
        assertEquals(People.idOf(email).toString(), event.getJsonObject("actor").getString("id"));
        assertEquals("route", event.getJsonObject("resource").getString("type"));
        assertEquals("POST api/v1/api-keys", event.getJsonObject("resource").getString("id"));
        JsonObject after = event.getJsonObject("after");
        assertEquals("POST", after.getString("method"));
        assertEquals("api/v1/api-keys", after.getString("route"));
        assertEquals("admin", after.getString("required_role"));
        assertEquals("viewer", after.getString("role"));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM api_keys WHERE tenant_id = ? AND name LIKE 'k_'",
                tenant.tenantId()), "nothing was created");
    }

    @Test
    void eachCallerAndRouteHasItsOwnMinuteAndANewMinuteAuditsAgain() {
        String viewerEmail = People.member(tenant.tenantId(), "viewer");
        Browser viewer = Browser.signIn(api, viewerEmail, People.PASSWORD);
        Browser member = Browser.signIn(api, People.member(tenant.tenantId(), "member"), People.PASSWORD);
        assertEquals(403, viewer.get("api/v1/team/members").status());
        assertEquals(403, viewer.get("api/v1/team/members").status());
        assertEquals(403, viewer.write("DELETE", "api/v1/team/members/" + UUID.randomUUID(), "").status());
        assertEquals(403, member.get("api/v1/team/members").status());
        assertEquals(403, member.get("api/v1/audit-events").status());
        List<JsonObject> events = denials(tenant.apiKey());
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.stream().anyMatch(e -> "DELETE api/v1/team/members/{id}"
                .equals(e.getJsonObject("resource").getString("id"))), "the route template, never the id: " + events);

        Rows.execute("UPDATE access_denials SET last_recorded_at = now() - interval '61 seconds' WHERE actor = ?",
                "user:" + People.idOf(viewerEmail));
        assertEquals(403, viewer.get("api/v1/team/members").status());
        assertEquals(5, denials(tenant.apiKey()).size(), "a minute later the same attempt is audited again");
    }

    @Test
    void allowedRequestsUnauthenticatedOnesAndOtherTenantsLeaveNoDenial() {
        Browser admin = Browser.signIn(api, People.member(tenant.tenantId(), "admin"), People.PASSWORD);
        assertEquals(200, admin.get("api/v1/team/members").status());
        assertEquals(401, api.get("api/v1/team/members", null).status());
        Provisioned other = Tenants.create("Bystander");
        Browser stranger = Browser.signIn(api, People.member(other.tenantId(), "viewer"), People.PASSWORD);
        assertEquals(403, stranger.get("api/v1/api-keys").status());

        assertEquals(0, denials(tenant.apiKey()).size());
        assertEquals(1, denials(other.apiKey()).size(), "the stranger's denial is in its own tenant's log");
        assertTrue(new Api(deployment).get("api/v1/audit-events/verify", other.apiKey()).body()
                .contains("\"valid\":true"), "the chain holds the denial like any other event");
    }

    private List<JsonObject> denials(String ownerKey) {
        Api.Answer answer = api.get(DENIALS, ownerKey);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getJsonArray("data").getValuesAs(JsonObject.class);
    }
}
