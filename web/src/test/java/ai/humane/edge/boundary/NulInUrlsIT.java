package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.humane.testing.Api;
import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A NUL ({@code %00}) in a query parameter is a 400 problem naming it, anonymous or signed in, and the request
 * stores nothing (in a path the server itself refuses it): PostgreSQL refuses U+0000 in text, which made such a value a 500 wherever it reached a
 * statement.
 */
class NulInUrlsIT extends HttpTest {

    private Api api;
    private String key;
    private UUID tenant;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        var created = Tenants.create("Nul");
        key = created.apiKey();
        tenant = created.tenantId();
    }

    @Test
    void theFaqSearchedForANulIsAProblemNamingItsParameter() {
        FromAddress visitor = new FromAddress(FromAddress.fresh(), deployment.getPort());
        FromAddress.Reply reply = visitor.get("api/v1/public/faq?q=rate%00limits", Map.of());
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.header("Content-Type"), reply.toString());
        assertEquals("q", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply.body());
        assertEquals(200, visitor.get("api/v1/public/faq?q=rate%20limits", Map.of()).status());
    }

    @Test
    void aListFilteredByANulIsAProblemAndAPathWithOneToo() {
        Api.Answer filtered = api.get("api/v1/audit-events?action=member.%00joined", key);
        assertEquals(400, filtered.status(), filtered.toString());
        assertEquals("https://humane.ai/problems/validation", filtered.problemType(), filtered.body());
        assertEquals("action", filtered.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Api.Answer path = api.get("api/v1/auth/oidc/goo%00gle/login", null);
        assertEquals(400, path.status(), path.toString()); // the server's own refusal, as TRACE's 405: no body
        assertFalse(path.body().toLowerCase(Locale.ROOT).contains("<html"), path.body());
    }

    @Test
    void anIdempotentWriteWithANulInItsQueryStoresNothing() {
        Api.Answer created = api.postOnce("api/v1/end-users?note=%00", key, UUID.randomUUID().toString(),
                "{\"external_id\":\"nul-" + UUID.randomUUID() + "\"}");
        assertEquals(400, created.status(), created.toString());
        assertEquals("0", Rows.single("SELECT count(*)::text FROM idempotency_keys WHERE tenant_id = ?::uuid", tenant));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM end_users WHERE tenant_id = ?::uuid", tenant));
    }
}
