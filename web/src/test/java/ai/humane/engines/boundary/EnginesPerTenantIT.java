package ai.humane.engines.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.HeldTenant;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A3: a tenant's engines are capped, so one API key cannot fill the database with them in a loop. */
class EnginesPerTenantIT extends HttpTest {

    private static final String ENGINES = "api/v1/engines";
    /** ENGINES_PER_TENANT, left at its default on the test server. */
    private static final int ENGINES_PER_TENANT = 50;

    private Api api;
    private TenantProvisioning.Provisioned tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        tenant = Tenants.create("Engines");
        key = tenant.apiKey();
    }

    /**
     * The engine past the ceiling is 409 problem+json and leaves no row and no audit event; another tenant is not held
     * back by it, and a deleted engine makes room again (broken once: without the count the 51st was 201).
     */
    @Test
    void anEnginePastTheTenantsCeilingIsAConflictAndStoresNothing() {
        for (int i = 0; i < ENGINES_PER_TENANT; i++) {
            assertEquals(201, create(key, i).status());
        }
        String audited = audited(tenant.tenantId());
        Api.Answer refused = create(key, ENGINES_PER_TENANT);
        assertEquals(409, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type"), refused.body());
        assertEquals("https://humane.ai/problems/conflict", refused.problemType());
        assertEquals(ENGINES_PER_TENANT, engines(tenant.tenantId()));
        assertEquals(audited, audited(tenant.tenantId()), "nothing audited");

        TenantProvisioning.Provisioned other = Tenants.create("EnginesOther");
        assertEquals(201, create(other.apiKey(), 0).status(), "the ceiling is each tenant's own");
        assertEquals(1, engines(other.tenantId()));

        String oldest = Rows.single("SELECT id::text FROM engines WHERE tenant_id = ? ORDER BY created_at, id LIMIT 1",
                tenant.tenantId());
        assertEquals(204, api.delete(ENGINES + "/" + oldest, key).status());
        assertEquals(201, create(key, ENGINES_PER_TENANT).status(), "a deleted engine makes room");
    }

    /**
     * Creates at the same moment cannot pass the ceiling together: each waits for the tenant row's lock (held here by
     * the superuser, as a create under way holds it) and counts what the ones before it committed, so of five creates
     * with room for three, three are 201 and two 409. Broken once: without the lock none waited.
     */
    @Test
    void concurrentCreatesCannotPassTheCeiling() throws Exception {
        int room = 3;
        int creates = 5;
        for (int i = 0; i < ENGINES_PER_TENANT - room; i++) {
            assertEquals(201, create(key, i).status());
        }
        List<Supplier<Api.Answer>> requests = new ArrayList<>();
        for (int i = 0; i < creates; i++) {
            int n = ENGINES_PER_TENANT + i;
            requests.add(() -> create(key, n));
        }
        HeldTenant.Race race = HeldTenant.race(tenant.tenantId(), requests);
        assertEquals(ENGINES_PER_TENANT, engines(tenant.tenantId()));
        assertEquals(List.of(201, 201, 201, 409, 409), race.sortedStatuses(), race.answers().toString());
        assertEquals(creates, race.waiting(), "every create waits for the tenant's lock");
    }

    private Api.Answer create(String apiKey, int n) {
        return api.post(ENGINES, apiKey, "{\"name\":\"Lexicon " + n + "\",\"kind\":\"lexicon\"}");
    }

    private static int engines(UUID tenantId) {
        return Integer.parseInt(Rows.single("SELECT count(*)::text FROM engines WHERE tenant_id = ?", tenantId));
    }

    /** The tenant's audit events, counted, and the last one's sequence number. */
    private static String audited(UUID tenantId) {
        return Rows.single("SELECT count(*) || '/' || coalesce(max(seq), 0) FROM admin_audit_events WHERE tenant_id = ?",
                tenantId);
    }
}
