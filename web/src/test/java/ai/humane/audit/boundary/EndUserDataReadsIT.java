package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.status.boundary.JaxRsRoutes;
import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.webhooks.boundary.WebhookReceiver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * O6: under a BAA every read of end-user data is audited {@code end_user_data.read}. Every GET route of the code
 * is either one of the reads below (each called on a BAA tenant and on an ordinary one) or named as reading no
 * end-user data, with the reason; a new GET route that is neither fails, so it cannot escape the audit unseen.
 */
class EndUserDataReadsIT extends HttpTest {

    /** The routes that read end-user data, and the kind their event names. */
    private static final Map<String, String> READS = Map.of(
            "GET /api/v1/end-users", "end_users",
            "GET /api/v1/end-users/{}", "end_user",
            "GET /api/v1/end-users/{}/messages", "messages",
            "GET /api/v1/end-users/{}/profile", "profile",
            "GET /api/v1/webhooks/deliveries/{}", "webhook_event",
            "GET /api/v1/privacy/exports/{}/download", "export");

    /** Every other GET route, and why it reads no end user's data. */
    private static final Map<String, String> NOT_END_USER_DATA = Map.ofEntries(
            Map.entry("GET /.well-known/jwks.json", "public keys"),
            Map.entry("GET /.well-known/security.txt", "public text"),
            Map.entry("GET /openapi", "the contract"),
            Map.entry("GET /status", "service status"),
            Map.entry("GET /status/style.css", "service status"),
            Map.entry("GET /api/v1/status", "service status"),
            Map.entry("GET /api/v1/public/faq", "public answers"),
            Map.entry("GET /api/v1/public/pricing", "public plans"),
            Map.entry("GET /api/v1/public/sign-in-options", "which sign-in methods this deployment offers"),
            Map.entry("GET /api/v1/email/unsubscribe", "a member's own mail preference (members are staff, not end users)"),
            Map.entry("GET /api/v1/auth/me", "the caller itself"),
            Map.entry("GET /api/v1/auth/sessions", "the caller's own sessions"),
            Map.entry("GET /api/v1/auth/sso", "sign-in routing by a member's e-mail domain"),
            Map.entry("GET /api/v1/auth/oidc/{}/login", "sign-in"),
            Map.entry("GET /api/v1/auth/oidc/{}/callback", "sign-in"),
            Map.entry("GET /api/v1/auth/saml/{}/metadata", "public SP metadata"),
            Map.entry("GET /api/v1/auth/saml/{}/login", "sign-in"),
            Map.entry("GET /api/v1/team/members", "members are staff, not end users"),
            Map.entry("GET /api/v1/team/invitations", "invitations name staff to be, not end users"),
            Map.entry("GET /api/v1/api-keys", "credentials' metadata"),
            Map.entry("GET /api/v1/engines", "configuration"),
            Map.entry("GET /api/v1/engines/{}", "configuration"),
            Map.entry("GET /api/v1/engines/{}/usage", "counts per engine and day, no end user"),
            Map.entry("GET /api/v1/experiments", "configuration"),
            Map.entry("GET /api/v1/experiments/{}", "configuration"),
            Map.entry("GET /api/v1/experiments/{}/results", "aggregates per variant, no end user"),
            Map.entry("GET /api/v1/webhooks/endpoints", "configuration"),
            Map.entry("GET /api/v1/webhooks/endpoints/{}", "configuration"),
            Map.entry("GET /api/v1/webhooks/deliveries", "delivery states; the list carries no event bodies"),
            Map.entry("GET /api/v1/audit-events", "who did what: ids and counts, never end-user content"),
            Map.entry("GET /api/v1/audit-events/export", "who did what: ids and counts, never end-user content"),
            Map.entry("GET /api/v1/audit-events/verify", "the chain's state"),
            Map.entry("GET /api/v1/audit-events/checkpoint", "the chain head's seq and hash, signed"),
            Map.entry("GET /api/v1/billing", "the subscription"),
            Map.entry("GET /api/v1/privacy/exports", "the jobs' states and record counts"),
            Map.entry("GET /api/v1/privacy/exports/{}", "the job's state and record counts"),
            Map.entry("GET /api/v1/privacy/erasures", "the jobs' states and counts"),
            Map.entry("GET /api/v1/privacy/erasures/{}", "the job's state and counts"),
            Map.entry("GET /api/v1/privacy/account-deletion", "the deletion's date"),
            Map.entry("GET /api/v1/sso/oidc/connections", "configuration"),
            Map.entry("GET /api/v1/sso/oidc/connections/{}", "configuration"),
            Map.entry("GET /api/v1/sso/saml/connections", "configuration"),
            Map.entry("GET /api/v1/sso/saml/connections/{}", "configuration"),
            Map.entry("GET /api/v1/sso/domains", "configuration"),
            Map.entry("GET /api/v1/sso/domains/{}", "configuration"));

    private final Api api = new Api(deployment);

    @Test
    void everyGetRouteIsAnAuditedReadOrNamedAsReadingNoEndUserData() {
        List<String> unclassified = new ArrayList<>();
        List<String> served = new ArrayList<>();
        for (JaxRsRoutes.Route route : JaxRsRoutes.all()) {
            served.add(route.key());
            if ("GET".equals(route.method()) && !READS.containsKey(route.key()) && !NOT_END_USER_DATA.containsKey(route.key())) {
                unclassified.add(route.name());
            }
        }
        assertEquals(List.of(), unclassified, "GET routes neither audited as end-user data reads nor named as reading none");
        List<String> stale = new ArrayList<>(READS.keySet());
        stale.addAll(NOT_END_USER_DATA.keySet());
        stale.removeAll(served);
        assertEquals(List.of(), stale, "routes listed here that no resource serves");
    }

    @Test
    void eachReadOfEndUserDataIsAuditedUnderABaaAndNotElsewhere() {
        for (boolean underBaa : new boolean[] {true, false}) {
            TenantProvisioning.Provisioned tenant = Tenants.create(underBaa ? "EveryReadAudited" : "EveryReadPlain");
            Map<String, String> paths = paths(tenant);
            if (underBaa) {
                underBaa(tenant);
            }
            assertEquals(READS.keySet(), paths.keySet(), "every read is called");
            for (Map.Entry<String, String> read : paths.entrySet()) {
                String kind = READS.get(read.getKey());
                int before = reads(tenant.tenantId(), kind);
                String path = read.getValue();
                Api.Answer answer = api.get(path, path.contains("token=") ? null : tenant.apiKey());
                assertEquals(200, answer.status(), read.getKey() + " " + answer.body());
                assertEquals(underBaa ? before + 1 : 0, reads(tenant.tenantId(), kind),
                        read.getKey() + (underBaa ? " is audited once" : " is not audited without a BAA"));
            }
            String log = Rows.single("SELECT string_agg(to_jsonb(e)::text, ' ') FROM admin_audit_events e"
                    + " WHERE tenant_id = ?", tenant.tenantId());
            assertFalse(log.contains("words only the end user wrote"), "no content in the log");
            assertFalse(log.contains("patient-external"), "no external id in the log");
        }
    }

    /**
     * A PATCH answers the end user whole, so under a BAA it is recorded as a read of them, whether or not it changed
     * anything (broken once: a PATCH of {} read any end user unrecorded).
     */
    @Test
    void aPatchAnsweringTheEndUserIsAuditedAsARead() {
        TenantProvisioning.Provisioned tenant = Tenants.create("PatchReads");
        underBaa(tenant);
        UUID endUser = new Fixtures(api, tenant.apiKey()).endUser("patched-" + UUID.randomUUID());
        for (String change : List.of("{}", "{\"traits\":{\"tier\":\"b\"}}")) {
            int before = reads(tenant.tenantId(), "end_user");
            Api.Answer patched = api.patch("api/v1/end-users/" + endUser, tenant.apiKey(), change);
            assertEquals(200, patched.status(), patched.body());
            assertEquals(before + 1, reads(tenant.tenantId(), "end_user"), change + " is recorded as a read");
        }
    }

    /**
     * A replay of that PATCH (A2) answers the end user again from the stored answer, running nothing, so it is
     * recorded as the PATCH was, under a BAA as it holds at the replay: without one, neither the PATCH nor its replay
     * is recorded; once the BAA is accepted, the same replay is, by the same caller, of the same end user, noted
     * {@code replayed} (broken once: no row), and so is a replay of a PATCH made under it.
     */
    @Test
    void aReplayedPatchIsAuditedAsTheReadItDisclosesAgain() {
        TenantProvisioning.Provisioned tenant = Tenants.create("ReplayedReads");
        UUID endUser = new Fixtures(api, tenant.apiKey()).endUser("replayed-" + UUID.randomUUID());
        String before = UUID.randomUUID().toString();
        assertEquals(200, patchOnce(tenant, endUser, before).status());
        assertReplayed(patchOnce(tenant, endUser, before));
        assertEquals(0, reads(tenant.tenantId(), "end_user"), "no BAA, no read recorded, replayed or not");

        underBaa(tenant);
        assertReplayed(patchOnce(tenant, endUser, before));
        assertEquals(1, reads(tenant.tenantId(), "end_user"), "the replay under the BAA now in force");
        String under = UUID.randomUUID().toString();
        assertEquals(200, patchOnce(tenant, endUser, under).status());
        assertReplayed(patchOnce(tenant, endUser, under));
        String read = "end_user " + endUser + " 1 ";
        assertEquals(read + "true, " + read + "-, " + read + "true", Rows.single("SELECT string_agg(resource_type || ' '"
                + " || resource_id || ' ' || (after->>'count') || ' ' || coalesce(after->>'replayed', '-'), ', ' ORDER BY seq)"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action = 'end_user_data.read'", tenant.tenantId()));
        assertEquals("1", Rows.single("SELECT count(DISTINCT actor_type || actor_id::text)::text FROM admin_audit_events"
                + " WHERE tenant_id = ? AND action = 'end_user_data.read'", tenant.tenantId()), "one caller throughout");
    }

    /**
     * A replay records the reads its request recorded and no others, whatever its route: no route is marked (A2, O6).
     * Under a BAA, a {@code POST /end-users} records no read, so neither does its replay (its answer is kept with
     * none); a {@code PATCH} is kept with the read it recorded, which its replay records again. An answer stored before
     * V53 (its reads unknown) of that {@code PATCH} still records its end user's read (broken once: no row), and one of
     * the {@code POST} records none.
     */
    @Test
    void aReplayRecordsTheReadsItsRequestRecordedAndNoOthers() {
        TenantProvisioning.Provisioned tenant = Tenants.create("ReplaysAsRecorded");
        underBaa(tenant);
        String create = UUID.randomUUID().toString();
        String newEndUser = "{\"external_id\":\"created-" + create + "\"}";
        Api.Answer created = api.postOnce("api/v1/end-users", tenant.apiKey(), create, newEndUser);
        assertEquals(201, created.status(), created.body());
        String endUser = created.json().getString("id");
        assertReplayed(201, api.postOnce("api/v1/end-users", tenant.apiKey(), create, newEndUser));
        assertEquals("[]", kept(tenant, create), "a creation records no read, and is kept with none");
        assertEquals(0, reads(tenant.tenantId()), "nor does its replay record one");

        String patch = UUID.randomUUID().toString();
        assertEquals(200, patchOnce(tenant, UUID.fromString(endUser), patch).status());
        assertEquals("end_user end_user " + endUser + " 1", Rows.single("SELECT string_agg(r->>'kind' || ' ' ||"
                + " (r->>'resource_type') || ' ' || (r->>'resource_id') || ' ' || (r->>'count'), ', ')"
                + " FROM idempotency_keys, jsonb_array_elements(reads) r WHERE tenant_id = ? AND key = ?",
                tenant.tenantId(), patch), "a PATCH is kept with the read it recorded");
        assertReplayed(patchOnce(tenant, UUID.fromString(endUser), patch));
        assertEquals(2, reads(tenant.tenantId()), "the PATCH and its replay");

        Rows.execute("UPDATE idempotency_keys SET reads = NULL WHERE tenant_id = ?", tenant.tenantId());
        assertReplayed(patchOnce(tenant, UUID.fromString(endUser), patch));
        assertReplayed(201, api.postOnce("api/v1/end-users", tenant.apiKey(), create, newEndUser));
        assertEquals("end_user " + endUser + " -, end_user " + endUser + " true, end_user " + endUser + " true",
                Rows.single("SELECT string_agg(resource_type || ' ' || resource_id || ' ' || coalesce(after->>'replayed',"
                        + " '-'), ', ' ORDER BY seq) FROM admin_audit_events WHERE tenant_id = ?"
                        + " AND action = 'end_user_data.read'", tenant.tenantId()), "stored before V53: as the route recorded");
    }

    private void underBaa(TenantProvisioning.Provisioned tenant) {
        People.withSecondFactor(tenant.ownerId()); // whose key the test reads with (O6)
        Rows.execute("UPDATE tenants SET plan = 'enterprise' WHERE id = ?", tenant.tenantId());
        assertEquals(200, api.send("api/v1/billing/baa", tenant.apiKey(), "PUT", "application/json",
                "{\"accepted\":true}").status());
    }

    /** The reads kept with the answer to {@code idempotencyKey}, as JSON text. */
    private static String kept(TenantProvisioning.Provisioned tenant, String idempotencyKey) {
        return Rows.single("SELECT reads::text FROM idempotency_keys WHERE tenant_id = ? AND key = ?", tenant.tenantId(),
                idempotencyKey);
    }

    private Api.Answer patchOnce(TenantProvisioning.Provisioned tenant, UUID endUser, String idempotencyKey) {
        return api.patchOnce("api/v1/end-users/" + endUser, tenant.apiKey(), idempotencyKey,
                "{\"traits\":{\"tier\":\"c\"}}");
    }

    private static void assertReplayed(Api.Answer answer) {
        assertReplayed(200, answer);
    }

    private static void assertReplayed(int status, Api.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("true", answer.header("Idempotent-Replayed"), answer.toString());
    }

    /** A concrete path for each read, on data the tenant holds. */
    private Map<String, String> paths(TenantProvisioning.Provisioned tenant) {
        Fixtures data = new Fixtures(api, tenant.apiKey());
        WebhookReceiver receiver = WebhookReceiver.shared();
        assertEquals(201, api.post("api/v1/webhooks/endpoints", tenant.apiKey(), "{\"url\":\""
                + receiver.url(receiver.path(200)) + "\",\"events\":[\"end_user.created\"]}").status());
        UUID endUser = data.endUser("patient-external-" + UUID.randomUUID());
        data.message(endUser, data.engine("lex"), "words only the end user wrote");
        String delivery = api.get("api/v1/webhooks/deliveries", tenant.apiKey()).json().getJsonArray("data")
                .getJsonObject(0).getString("id");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("GET /api/v1/end-users", "api/v1/end-users");
        paths.put("GET /api/v1/end-users/{}", "api/v1/end-users/" + endUser);
        paths.put("GET /api/v1/end-users/{}/messages", "api/v1/end-users/" + endUser + "/messages");
        paths.put("GET /api/v1/end-users/{}/profile", "api/v1/end-users/" + endUser + "/profile");
        paths.put("GET /api/v1/webhooks/deliveries/{}", "api/v1/webhooks/deliveries/" + delivery);
        paths.put("GET /api/v1/privacy/exports/{}/download", exported(tenant, endUser));
        return paths;
    }

    /** The signed download path of a finished export of the end user. */
    private String exported(TenantProvisioning.Provisioned tenant, UUID endUser) {
        Api.Answer created = api.post("api/v1/privacy/exports", tenant.apiKey(),
                "{\"scope\":\"end_user\",\"end_user_id\":\"" + endUser + "\"}");
        assertEquals(202, created.status(), created.body());
        String job = "api/v1/privacy/exports/" + created.json().getString("id");
        Function<String, String> state = path -> api.get(path, tenant.apiKey()).json().getString("status");
        Eventually.until("the export succeeds", () -> !Set.of("pending", "running").contains(state.apply(job)));
        String url = api.get(job, tenant.apiKey()).json().getString("download_url");
        assertTrue(url.startsWith("/api/v1/privacy/exports/"), url);
        return url.substring(1);
    }

    private static int reads(UUID tenant) {
        return Integer.parseInt(Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'end_user_data.read'", tenant));
    }

    private static int reads(UUID tenant, String kind) {
        return Integer.parseInt(Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'end_user_data.read' AND after->>'kind' = ?", tenant, kind));
    }
}
