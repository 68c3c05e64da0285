package ai.humane.status.control;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;

/** A migrated database of the test's own; the probes' tables are written as the runtime role, as in production. */
final class StatusDatabase {

    private StatusDatabase() {
    }

    static DatabaseSettings migrated() {
        DatabaseSettings db = TestDatabases.migrated();
        return db;
    }

    static Connection app(DatabaseSettings db) throws SQLException {
        return TestDatabases.asApp(db);
    }
}
