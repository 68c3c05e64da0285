package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * T1 and L1 together: a tenant row cannot take its audit log with it, the runtime role cannot delete one,
 * and {@code close_tenant} closes an account while the audit log waits for its own 24 months.
 */
class TenantClosureTest {

    /** Rows of the tenant in every table with a tenant_id but the audit log's, counted as the superuser. */
    private static final String LEFT_BEHIND = """
            SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I WHERE tenant_id = %L',
                   c.relname, ?::text), false, true, '')))[1]::text::int), 0)::text
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
              AND c.relname NOT IN ('admin_audit_events', 'admin_audit_chains')""";

    private AuditFixtures fixtures;
    private UUID tenant;
    private UUID neighbour;

    @BeforeEach
    void twoTenantsWithDataAndAnAuditLog() throws SQLException {
        fixtures = AuditFixtures.migrated();
        tenant = withData("Closing");
        neighbour = withData("Staying");
    }

    @Test
    void theRuntimeRoleCanNeitherDeleteNorReopenATenant() throws SQLException {
        assertRefused("DELETE FROM tenants", "permission denied");
        assertRefused("UPDATE tenants SET closed_at = now()", "permission denied");
        try (Connection app = inScope()) {
            assertEquals(1, AuditFixtures.update(app, "UPDATE tenants SET name = 'Renamed', plan = 'pro'"));
            app.rollback();
        }
    }

    @Test
    void deletingATenantRowCannotTakeItsAuditLogAlong() throws SQLException {
        SQLException refused = assertThrows(SQLException.class, () -> fixtures.tamper("DELETE FROM tenants WHERE id = ?", tenant));
        assertTrue(refused.getMessage().contains("admin_audit"), refused.getMessage());
        assertEquals("2", fixtures.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?", tenant));
    }

    @Test
    void closingPurgesEverythingButTheAuditLogWhichRecordsIt() throws SQLException {
        close(tenant);
        assertEquals("0", fixtures.single(LEFT_BEHIND, tenant.toString()));
        assertEquals("t", fixtures.single("SELECT (closed_at IS NOT NULL)::text FROM tenants WHERE id = ?", tenant).substring(0, 1));
        assertEquals("api_key.created,api_key.revoked,tenant.closed", fixtures.single(
                "SELECT string_agg(action, ',' ORDER BY seq) FROM admin_audit_events WHERE tenant_id = ?", tenant));
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant));
        assertTrue(Integer.parseInt(fixtures.single(LEFT_BEHIND, neighbour.toString())) >= 3, "the neighbour keeps its data");
        assertEquals(new ChainVerification(true, 2, null), fixtures.verify(neighbour));
    }

    @Test
    void aTenantIsClosedOnceAndOnlyInsideItsOwnScope() throws SQLException {
        close(tenant);
        SQLException again = assertThrows(SQLException.class, () -> close(tenant));
        assertEquals("P0002", again.getSQLState());
        try (Connection app = fixtures.app()) {
            SQLException outside = assertThrows(SQLException.class, () -> app.createStatement().execute("CALL close_tenant('system', NULL)"));
            assertEquals("HT001", outside.getSQLState());
        }
        assertEquals("f", fixtures.single("SELECT (closed_at IS NOT NULL)::text FROM tenants WHERE id = ?", neighbour).substring(0, 1));
    }

    @Test
    void aClosedTenantLeavesWithTheLastOfItsAuditLog() throws SQLException {
        close(tenant);
        fixtures.ageOut(tenant, 2);
        try (Connection c = fixtures.app()) {
            assertEquals(2, new AuditRetention().purgeAll(c), "the closing event is younger than 24 months");
        }
        assertEquals("1", fixtures.single("SELECT count(*)::text FROM tenants WHERE id = ?", tenant));
        fixtures.ageOut(tenant, 3);
        try (Connection c = fixtures.app()) {
            assertEquals(1, new AuditRetention().purgeAll(c));
        }
        assertEquals("0|0|0", fixtures.single("SELECT (SELECT count(*) FROM tenants WHERE id = ?) || '|' || (SELECT count(*)"
                + " FROM admin_audit_events WHERE tenant_id = ?) || '|' || (SELECT count(*) FROM admin_audit_chains WHERE tenant_id = ?)",
                tenant, tenant, tenant));
        assertEquals("1", fixtures.single("SELECT count(*)::text FROM tenants WHERE id = ?", neighbour));
    }

    private UUID withData(String name) throws SQLException {
        UUID id;
        try (Connection app = fixtures.app()) {
            id = new TenantProvisioning().provision(app, name, name.toLowerCase() + "-" + UUID.randomUUID() + "@example.test",
                    "Owner").tenantId();
            app.setAutoCommit(false);
            AuditFixtures.enter(app, id);
            AuditFixtures.update(app, "INSERT INTO engines (id, tenant_id, name, kind) VALUES (gen_random_uuid(), ?, 'e', 'lexicon')", id);
            app.commit();
        }
        fixtures.record(id, entry("api_key.created", null, null), entry("api_key.revoked", null, null));
        return id;
    }

    private void close(UUID which) throws SQLException {
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, which);
            app.createStatement().execute("CALL close_tenant('system', NULL)");
            app.commit();
        }
    }

    private Connection inScope() throws SQLException {
        Connection app = fixtures.app();
        app.setAutoCommit(false);
        AuditFixtures.enter(app, tenant);
        return app;
    }

    private void assertRefused(String sql, String because) throws SQLException {
        try (Connection app = inScope()) {
            SQLException refused = assertThrows(SQLException.class, () -> app.createStatement().execute(sql), sql);
            assertTrue(refused.getMessage().contains(because), sql + ": " + refused.getMessage());
            app.rollback();
        }
    }
}
