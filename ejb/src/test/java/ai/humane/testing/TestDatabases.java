package ai.humane.testing;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** One embedded PostgreSQL 16 per test JVM; each test gets a database of its own. */
public final class TestDatabases {

    private static EmbeddedDatabase server;

    private TestDatabases() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            server = EmbeddedDatabase.start(Path.of("target", "db-" + UUID.randomUUID()), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** A new, empty database owned by the owner role. */
    public static DatabaseSettings fresh() {
        return server().database("t_" + UUID.randomUUID().toString().replace("-", ""));
    }

    public static Connection asOwner(DatabaseSettings db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
    }

    public static Connection asApp(DatabaseSettings db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.appUser(), db.appPassword());
    }
}
