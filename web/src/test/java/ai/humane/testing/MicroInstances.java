package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Payara Micro processes with the WAR on a database of their own, for tests about what instances
 * share (the cluster) or survive (a crash), or how a boot is refused; the shared {@link TestServer} is one.
 */
public final class MicroInstances {

    private MicroInstances() {
    }

    /** A fresh database on the test server, named after {@code purpose}. */
    public static DatabaseSettings database(String purpose) {
        return TestPlatform.server().database(purpose + "_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** The environment of a development instance on {@code db}, with the test platform's keys. */
    public static Map<String, String> environment(DatabaseSettings db) {
        return TestPlatform.environment(db);
    }

    /** Starts one instance on a free loopback port; the caller awaits readiness and stops it. */
    public static PayaraMicro start(Map<String, String> env, String name) throws IOException {
        Path work = Files.createDirectories(Path.of("target", "micro-" + name + "-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        return PayaraMicro.start(Path.of(System.getProperty("payara.microJar")), Path.of(System.getProperty("humane.war")),
                freePort(), env, work, log, List.of("--nocluster", "--prebootcommandfile", TestPlatform.payaraConfig("pre-boot-commands.asadmin")));
    }

    /** A tenant and its owner's API key, provisioned straight in {@code db} as the operator command does. */
    public static TenantProvisioning.Provisioned tenant(DatabaseSettings db, String organization) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            return new TenantProvisioning().provision(c, organization,
                    "owner-" + UUID.randomUUID() + "@example.test", organization + " Owner");
        }
    }

    /** A port nothing listens on now, for a server about to start. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
