package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.LoopbackPorts;
import ai.humane.local.PayaraMicro;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /**
     * Starts one instance with clustering off on a free loopback port; the caller awaits readiness and stops it.
     * Instances that must form a cluster start through {@link Grid}.
     */
    public static PayaraMicro start(Map<String, String> env, String name) throws IOException {
        return launch(env, name, List.of("--nocluster")).micro();
    }

    /** An instance started with {@code options} beside the WAR and the pre-boot commands, and its log. */
    static Started launch(Map<String, String> env, String name, List<String> options) throws IOException {
        Path work = Files.createDirectories(Path.of("target", "micro-" + name + "-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of("--prebootcommandfile", TestPlatform.payaraConfig("pre-boot-commands.asadmin")));
        return new Started(PayaraMicro.start(Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("humane.war")), freePort(), env, work, log, all), log);
    }

    record Started(PayaraMicro micro, Path log) {
    }

    /** A tenant and its owner's API key, provisioned straight in {@code db} as the operator command does. */
    public static TenantProvisioning.Provisioned tenant(DatabaseSettings db, String organization) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            return new TenantProvisioning().provision(c, organization,
                    "owner-" + UUID.randomUUID() + "@example.test", organization + " Owner");
        }
    }

    /**
     * A loopback port nothing listens on now, for a server about to start, never the same twice in this JVM. Some
     * are named long before their server binds them (Keycloak's is in the shared server's configuration, and it
     * boots on first use, minutes later), so they come from below the kernel's range for outgoing connections
     * ({@link LoopbackPorts}, which the embedded PostgreSQL and the launcher's tests use too).
     */
    public static int freePort() {
        return LoopbackPorts.free();
    }
}
