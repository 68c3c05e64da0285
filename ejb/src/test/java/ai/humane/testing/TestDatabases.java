package ai.humane.testing;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.status.control.SchemaMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** One embedded PostgreSQL 16 per test JVM, deleted when the JVM ends; each test gets a database of its own. */
public final class TestDatabases {

    private static EmbeddedDatabase server;
    /** The database every migrated one is copied from; migrated once per test JVM, never connected to after. */
    private static String template;

    private TestDatabases() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            server = EmbeddedDatabase.start(Path.of("target", "db-" + UUID.randomUUID()), 0);
            // Every copy of the template passes through the write-ahead log, which PostgreSQL keeps up to
            // max_wal_size (1 GB by default) between checkpoints: a tenth of that is plenty for a test server.
            server.asSuperuser("ALTER SYSTEM SET max_wal_size = '128MB'", s -> s.execute("SELECT pg_reload_conf()"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::discard));
        }
        return server;
    }

    /** A new, empty database owned by the owner role. */
    public static DatabaseSettings fresh() {
        return server().database("t_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * A new database at the newest schema, owned by the owner role: a copy ({@code CREATE DATABASE … TEMPLATE}) of one
     * that Flyway migrated once for this JVM, so that a test class costs a file copy instead of every migration. The
     * copy is the migrated database as it stands, Flyway's history included; the roles it grants to are the server's,
     * the same for every database. A test of a migration itself starts from {@link #fresh()}.
     */
    public static synchronized DatabaseSettings migrated() {
        if (template == null) {
            DatabaseSettings db = fresh();
            SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
            template = EmbeddedDatabase.nameOf(db);
        }
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server().superuser("postgres"); Statement create = c.createStatement()) {
            create.execute("CREATE DATABASE " + name + " TEMPLATE " + template + " OWNER "
                    + EmbeddedDatabase.OWNER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not copy the migrated database " + template, e);
        }
        return server().database(name);
    }

    public static Connection asOwner(DatabaseSettings db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
    }

    public static Connection asApp(DatabaseSettings db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.appUser(), db.appPassword());
    }

    /** A superuser's connection to {@code db}, which sees every tenant: to arrange and to check, never for the code under test. */
    public static Connection asSuperuser(DatabaseSettings db) throws SQLException {
        return server().superuser(db);
    }

    /**
     * Runs one statement as the superuser, who sees every tenant: to arrange and to check, never for the code under
     * test. A query answers its first row's first column (null when none), anything else the rows it changed.
     */
    public static String superuser(DatabaseSettings db, String sql, Object... parameters) throws SQLException {
        try (Connection c = asSuperuser(db);
             PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            if (!sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                return Integer.toString(query.executeUpdate());
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
