package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The lists of privacy jobs (GET /privacy/exports, GET /privacy/erasures): a tenant's own jobs, newest first, a cursor
 * page at a time; never another tenant's; owners and admins only; a malformed cursor or limit is a 400 problem.
 */
class PrivacyJobListsIT extends HttpTest {

    private static final String EXPORTS = "api/v1/privacy/exports";
    private static final String ERASURES = "api/v1/privacy/erasures";

    private final Api api = new Api(deployment);

    @Test
    void eachTenantListsItsOwnJobsNewestFirstByCursorPages() {
        TenantProvisioning.Provisioned tenant = Tenants.create("JobLists");
        TenantProvisioning.Provisioned rival = Tenants.create("JobListsRival");
        List<String> exports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            exports.add(0, created(api.post(EXPORTS, tenant.apiKey(), "{\"scope\":\"account\"}")));
        }
        UUID endUser = new Fixtures(api, tenant.apiKey()).endUser("erased-" + UUID.randomUUID());
        String erasure = created(api.post(ERASURES, tenant.apiKey(), "{\"end_user_id\":\"" + endUser + "\"}"));
        String rivalExport = created(api.post(EXPORTS, rival.apiKey(), "{\"scope\":\"account\"}"));

        JsonObject first = ok(api.get(EXPORTS + "?limit=2", tenant.apiKey()));
        assertEquals(exports.subList(0, 2), ids(first), "newest first");
        assertTrue(first.getBoolean("has_more"));
        JsonObject second = ok(api.get(EXPORTS + "?limit=2&cursor=" + first.getString("next_cursor"), tenant.apiKey()));
        assertEquals(exports.subList(2, 3), ids(second));
        assertFalse(second.getBoolean("has_more"));
        assertEquals(JsonValue.NULL, second.get("next_cursor"));
        assertEquals(List.of(rivalExport), ids(ok(api.get(EXPORTS, rival.apiKey()))), "another tenant's exports are never listed");
        assertEquals(List.of(erasure), ids(ok(api.get(ERASURES, tenant.apiKey()))));
        assertEquals(List.of(), ids(ok(api.get(ERASURES, rival.apiKey()))), "another tenant's erasures are never listed");
        assertEquals(List.of(), ids(ok(api.get(ERASURES + "?cursor=" + first.getString("next_cursor"), rival.apiKey()))),
                "a cursor of another tenant's list opens nothing of it");

        Eventually.until("an export succeeds", () -> "succeeded".equals(ok(api.get(EXPORTS + "/" + exports.get(2),
                tenant.apiKey())).getString("status")));
        JsonObject done = ok(api.get(EXPORTS, tenant.apiKey())).getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .filter(job -> job.getString("id").equals(exports.get(2))).findFirst().orElseThrow();
        assertTrue(done.getString("download_url").startsWith("/" + EXPORTS + "/" + exports.get(2) + "/download?token="),
                done.toString());
    }

    @Test
    void onlyOwnersAndAdminsListAndMalformedPagesAreProblems() {
        TenantProvisioning.Provisioned tenant = Tenants.create("JobListsRoles");
        People.forgetLoopback();
        Browser member = Browser.signIn(api, People.member(tenant.tenantId(), "member"), People.PASSWORD);
        Browser admin = Browser.signIn(api, People.member(tenant.tenantId(), "admin"), People.PASSWORD);
        for (String list : List.of(EXPORTS, ERASURES)) {
            assertEquals(401, api.get(list, null).status(), list);
            assertEquals(403, member.get(list).status(), list);
            assertEquals(200, admin.get(list).status(), list);
            for (String query : List.of("?cursor=not-a-cursor", "?cursor=%00", "?limit=0", "?limit=201", "?limit=x")) {
                Api.Answer refused = api.get(list + query, tenant.apiKey());
                assertEquals(400, refused.status(), list + query + " -> " + refused.body());
                assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
            }
        }
    }

    private static String created(Api.Answer answer) {
        assertEquals(202, answer.status(), answer.body());
        return answer.json().getString("id");
    }

    private static JsonObject ok(Api.Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("data").stream().map(job -> job.asJsonObject().getString("id")).toList();
    }
}
