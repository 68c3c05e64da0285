package ai.humane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets nobody in without the role's password: initdb's trust would let any user of the
 * machine connect as the superuser. A real server, started twice on one folder.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void everyRoleTheSuperuserIncludedMustProveItsPasswordOnEveryStart() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(folder, 0)) {
            refusesWithoutTheRightPassword(database);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("roles.properties"))),
                "the roles' passwords are readable by others");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(folder, 0)) {
            refusesWithoutTheRightPassword(again);
            DatabaseSettings settings = again.database("humane_probe");
            try (Connection app = connect(again.port(), "humane_probe", settings.appUser(), settings.appPassword())) {
                assertTrue(app.isValid(5), "the runtime role with its password");
            }
            try (Connection superuser = again.superuser("humane_probe")) {
                assertTrue(superuser.isValid(5), "the launcher's own superuser connection");
            }
        }
    }

    private static void refusesWithoutTheRightPassword(EmbeddedDatabase database) {
        int port = database.port();
        assertThrows(SQLException.class, () -> connect(port, "postgres", "postgres", null).close(),
                "the superuser without a password");
        assertThrows(SQLException.class, () -> connect(port, "postgres", "postgres", "postgres").close(),
                "the superuser with a guessed password");
        assertThrows(SQLException.class, () -> connect(port, "postgres", EmbeddedDatabase.APP_ROLE, null).close(),
                "the runtime role without a password");
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }
}
