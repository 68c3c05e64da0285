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

    @Test
    void namesBothVersionsWhenBehind() {
        SchemaParity parity = new SchemaParity("1", "2", 1);
        assertTrue(parity.describe().contains("version 1 but this release needs version 2"), parity.describe());
    }
}
