package ai.humane.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The boot check of the second tenancy wall, and the wall itself, on a real PostgreSQL 16. */
class TenancyWallsTest {

    private DatabaseSettings db;

    @BeforeEach
    void migratedDatabase() {
        db = TestDatabases.fresh();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void acceptsTheMigratedSchemaForTheRuntimeRole() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesARuntimeRoleThatOwnsTheTables() throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db)) {
            TenancyWallBreach breach = assertThrows(TenancyWallBreach.class, () -> new TenancyWalls().verify(owner, Map.of()));
            assertTrue(breach.getMessage().contains("owns table engines"), breach.getMessage());
        }
    }

    @Test
    void refusesATenantTableWithoutAPolicy() throws SQLException {
        owner("CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)",
                "ALTER TABLE notes ENABLE ROW LEVEL SECURITY", "ALTER TABLE notes FORCE ROW LEVEL SECURITY",
                "GRANT SELECT ON notes TO " + db.appUser());
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table notes has no row-level security policy for the runtime role"),
                    new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesATenantTableWhoseSecurityIsNotForced() throws SQLException {
        owner("ALTER TABLE engines NO FORCE ROW LEVEL SECURITY");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("table engines does not FORCE row-level security"), new TenancyWalls().breaches(app));
        }
    }

    @Test
    void refusesARoleThatBypassesRowLevelSecurity() throws SQLException {
        TestDatabases.server().asSuperuser("ALTER ROLE " + db.appUser() + " BYPASSRLS", s -> { });
        try (Connection app = TestDatabases.asApp(db)) {
            assertTrue(new TenancyWalls().breaches(app).contains("database role " + db.appUser() + " has BYPASSRLS"));
        } finally {
            TestDatabases.server().asSuperuser("ALTER ROLE " + db.appUser() + " NOBYPASSRLS", s -> { });
        }
    }

    @Test
    void refusesAnEntityOfATenantTableWithoutEclipseLinkMultitenancy() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(), new TenancyWalls().entityBreaches(app, Map.of("ENGINES", true, "TENANTS", false)));
            assertEquals(List.of("entity table engines has tenant_id but no EclipseLink multitenant policy"),
                    new TenancyWalls().entityBreaches(app, Map.of("ENGINES", false)));
            assertThrows(TenancyWallBreach.class, () -> new TenancyWalls().verify(app, Map.of("ENGINES", false)));
        }
    }

    @Test
    void rowLevelSecurityAloneHidesOtherTenantsFromNativeSql() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            app.setAutoCommit(false);
            insertTenantWithEngine(app, a);
            insertTenantWithEngine(app, b);
            app.commit();

            setTenant(app, a);
            assertEquals(1, count(app, "SELECT count(*) FROM engines"));
            assertEquals(0, count(app, "SELECT count(*) FROM engines WHERE tenant_id = '" + b + "'"));
            assertEquals(1, count(app, "SELECT count(*) FROM tenants"));
            app.commit();

            assertEquals(0, count(app, "SELECT count(*) FROM engines"), "no tenant set: no tenant row at all");
            assertEquals(0, count(app, "SELECT count(*) FROM tenants"));
            app.rollback();
        }
    }

    @Test
    void rowLevelSecurityRefusesWritingIntoAnotherTenant() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            app.setAutoCommit(false);
            insertTenantWithEngine(app, a);
            insertTenantWithEngine(app, b);
            app.commit();
            setTenant(app, a);
            SQLException refused = assertThrows(SQLException.class, () -> execute(app,
                    "INSERT INTO engines (id, tenant_id, name, kind) VALUES (gen_random_uuid(), '" + b + "', 'x', 'lexicon')"));
            assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
            app.rollback();
            setTenant(app, a);
            assertEquals(0, update(app, "UPDATE engines SET name = 'stolen' WHERE tenant_id = '" + b + "'"));
            assertEquals(0, update(app, "DELETE FROM engines WHERE tenant_id = '" + b + "'"));
            app.commit();
        }
    }

    private static void insertTenantWithEngine(Connection app, UUID tenant) throws SQLException {
        setTenant(app, tenant);
        execute(app, "INSERT INTO tenants (id, name) VALUES ('" + tenant + "', 'T')");
        execute(app, "INSERT INTO engines (id, tenant_id, name, kind) VALUES (gen_random_uuid(), '" + tenant + "', 'e', 'lexicon')");
    }

    private static void setTenant(Connection app, UUID tenant) throws SQLException {
        execute(app, "SELECT set_config('humane.tenant_id', '" + tenant + "', true)");
    }

    private void owner(String... statements) throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db); Statement s = owner.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
