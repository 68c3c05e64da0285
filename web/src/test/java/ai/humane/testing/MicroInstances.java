package ai.humane.testing;

import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.tenancy.control.TenantProvisioning;
import ai.humane.webhooks.boundary.WebhookReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Payara Micro processes with the WAR on a database of their own, for tests about what instances
 * share (the cluster) or survive (a crash); Arquillian gives each test class only one.
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
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("APP_ENV", "development");
        env.put("JWT_SIGNING_KEYS", TestPlatform.signingKeys());
        env.put("FERNET_KEYS", KeyRing.generateKey());
        env.put("OUTBOUND_ALLOWLIST", WebhookReceiver.allowList());
        env.put("HMAC_KEY", TestPlatform.hmacKey());
        return env;
    }

    /** Starts one instance on a free loopback port; the caller awaits readiness and stops it. */
    public static PayaraMicro start(Map<String, String> env, String name) throws IOException {
        Path work = Files.createDirectories(Path.of("target", "micro-" + name + "-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        return PayaraMicro.start(Path.of(System.getProperty("payara.microJar")), Path.of(System.getProperty("humane.war")),
                freePort(), env, work, log, List.of("--nocluster", "--prebootcommandfile",
                        System.getProperty("humane.payara.config") + "/pre-boot-commands.asadmin"));
    }

    /** A tenant and its owner's API key, provisioned straight in {@code db} as the operator command does. */
    public static TenantProvisioning.Provisioned tenant(DatabaseSettings db, String organization) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            return new TenantProvisioning().provision(c, organization,
                    "owner-" + UUID.randomUUID() + "@example.test", organization + " Owner");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
