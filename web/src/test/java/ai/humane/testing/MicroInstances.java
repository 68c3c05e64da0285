package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real Payara Micro processes with the WAR on a database of their own, for tests about what instances
 * share (the cluster) or survive (a crash), or how a boot is refused; the shared {@link TestServer} is one.
 */
public final class MicroInstances {

    /** Where the ports of {@link #freePort()} come from: below the kernel's range for outgoing connections. */
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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
     * boots on first use, minutes later): the kernel hands its ephemeral range to every outgoing connection, so a
     * port from there could be some connection's own port by then, and the bind would fail. They come from below
     * that range instead, at random, each checked by a bind.
     */
    public static int freePort() {
        int below = ephemeralStart();
        for (int attempt = 0; below > LOWEST && attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the kernel's range for outgoing connections (Linux; 32768 where it cannot be read). */
    private static int ephemeralStart() {
        try {
            // Read by lines: Files.readString of this file answers "3" on Java 17 (procfs reports a size of 0).
            return Integer.parseInt(Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32_768;
        }
    }
}
