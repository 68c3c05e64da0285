package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code humane database --env-file FILE} (the EAR proof and the benchmarks use it) writes the roles' passwords:
 * only their owner may read them, also when FILE was there before with the default mode.
 */
class DatabaseCommandIT {

    @TempDir
    Path home;

    @Test
    void theEnvironmentFileWithTheRolesPasswordsIsTheOwnersAlone() throws Exception {
        Path env = home.resolve("db.env");
        Files.writeString(env, "left from before\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        Path log = home.resolve("database.log");
        ProcessBuilder builder = LauncherProcesses.command(home.resolve("humane"), log, "database", "--env-file", env.toString());
        builder.environment().put("HUMANE_DB_PORT", Integer.toString(LoopbackPorts.free()));
        Process database = builder.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline) && database.isAlive()
                    && !Files.readString(log).contains("PostgreSQL 16 is running")) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains("PostgreSQL 16 is running"), Files.readString(log));
            assertTrue(Files.readString(env).contains("DB_PASSWORD="), "no passwords in " + env);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        } finally {
            LauncherProcesses.stop(database);
        }
    }
}
