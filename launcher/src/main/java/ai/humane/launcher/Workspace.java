package ai.humane.launcher;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /** True when an embedded server of this workspace already listens (another command started it). */
    boolean embeddedRunning() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", databasePort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path platform() {
        return Path.of(Humane.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .getParent().resolve("platform");
    }
}
