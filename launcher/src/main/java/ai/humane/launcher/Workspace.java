package ai.humane.launcher;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local platform keeps its state and which database it uses: the external one named by
 * DB_URL, or the embedded PostgreSQL 16 with its data under the home folder.
 */
record Workspace(Path home, int databasePort, DatabaseSettings external, Map<String, String> environment) {

    static final String DATABASE = "humane";

    static Workspace fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("HUMANE_HOME", ".humane")).toAbsolutePath().normalize();
        int port = Integer.parseInt(env.getOrDefault("HUMANE_DB_PORT", "54320"));
        return new Workspace(home, port, DatabaseSettings.fromEnvironment(env), env);
    }

    boolean embedded() {
        return external == null;
    }

    /** Starts the embedded server; the caller closes it. */
    EmbeddedDatabase startEmbedded() {
        return EmbeddedDatabase.start(home.resolve("postgres"), databasePort);
    }

    /**
     * True when the embedded server of this workspace already runs (another command started it), by its data
     * folder's {@code postmaster.pid}: whatever answers on the port may be another user's program.
     */
    boolean embeddedRunning() {
        return EmbeddedDatabase.runningIn(home.resolve("postgres"), databasePort);
    }

    Path platform() {
        return Path.of(Humane.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .getParent().resolve("platform");
    }
}
