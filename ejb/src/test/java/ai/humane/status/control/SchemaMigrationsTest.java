package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

    @Test
    void aFreshDatabaseIsBehindUntilMigrated() {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations schema = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        assertTrue(schema.parity().behind());
        assertTrue(schema.migrate() > 0);
        SchemaParity parity = schema.parity();
        assertFalse(parity.behind());
        assertEquals(parity.newest(), parity.current());
    }

    @Test
    void theRuntimeRoleCanReadParityButTheOlderSchemaIsBehind() {
        DatabaseSettings db = TestDatabases.migrated();
        SchemaParity parity = SchemaMigrations.on(db.url(), db.appUser(), db.appPassword(), db.appUser()).parity();
        assertFalse(parity.behind(), parity.describe());
    }

    /**
     * What the runtime role finds in the history that this release does not recognise (O1): a changed checksum, a
     * failed migration; a schema ahead of the release (the next release migrated first) and migrations still pending
     * (parity names those) are not mismatches. Broken once: without the check, a production boot saw none of them.
     */
    @Test
    void aChangedOrFailedMigrationIsAMismatchAMigrationAheadIsNot() throws Exception {
        DatabaseSettings db = TestDatabases.migrated();
        SchemaMigrations asRuntime = SchemaMigrations.on(db.url(), db.appUser(), db.appPassword(), db.appUser());
        assertEquals(java.util.List.of(), asRuntime.mismatches());

        owner(db, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) SELECT max(installed_rank) + 1, '9999', 'of the next release',"
                + " 'SQL', 'V9999__of_the_next_release.sql', 1, current_user, 1, true FROM flyway_schema_history");
        assertEquals(java.util.List.of(), asRuntime.mismatches(), "ahead of this release");

        owner(db, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
        java.util.List<String> changed = asRuntime.mismatches();
        assertEquals(1, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("migration 2: ") && changed.get(0).contains("checksum"), changed.get(0));

        owner(db, "UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '2'");
        owner(db, "UPDATE flyway_schema_history SET success = false WHERE version = '3'");
        assertFalse(asRuntime.mismatches().isEmpty(), "a failed migration");
    }

    private static void owner(DatabaseSettings db, String sql) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
             java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void namesBothVersionsWhenBehind() {
        SchemaParity parity = new SchemaParity("1", "2", 1);
        assertTrue(parity.describe().contains("version 1 but this release needs version 2"), parity.describe());
    }
}
