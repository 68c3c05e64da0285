package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.tenancy.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.TestPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * W3 on real processes: Payara Micro killed with SIGKILL while deliveries are pending, then a new instance on
 * the same database delivers every event at least once, none lost (a delivery the dead instance held comes
 * back when its lease runs out); and two instances on one database deliver each event exactly once.
 */
class DeliveryDurabilityIT {

    private static final int EVENTS = 10;
    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(4);

    private final WebhookReceiver receiver = WebhookReceiver.shared();

    @Test
    void everyEventPendingAtACrashIsDeliveredAfterTheRestart() throws Exception {
        DatabaseSettings db = TestPlatform.server().database("durable_" + UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> env = environment(db);
        String path = receiver.path(503);

        PayaraMicro first = start(env, "first");
        try {
            assertTrue(first.awaitReady(), "the first instance never became ready");
            Api api = new Api(new URL(first.baseUri() + "/"));
            String key = tenant(db).apiKey();
            Api.Answer endpoint = api.post("api/v1/webhooks/endpoints", key,
                    "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"end_user.created\"]}");
            assertEquals(201, endpoint.status(), endpoint.body());
            Fixtures data = new Fixtures(api, key);
            for (int i = 0; i < EVENTS; i++) {
                data.endUser("durable-" + i);
            }
            receiver.await(path, 1);
        } finally {
            first.kill();
        }
        Instant healed = Instant.now();
        receiver.answer(path, 200);

        PayaraMicro second = start(env, "second");
        try {
            assertTrue(second.awaitReady(), "the second instance never became ready");
            Set<String> events = eventIds(db);
            assertEquals(EVENTS, events.size());
            Instant deadline = Instant.now().plus(DELIVERED_WITHIN);
            while (Instant.now().isBefore(deadline) && !deliveredAfter(path, healed).containsAll(events)) {
                Thread.sleep(500);
            }
            Set<String> missing = new HashSet<>(events);
            missing.removeAll(deliveredAfter(path, healed));
            assertTrue(missing.isEmpty(), "events never delivered after the crash: " + missing);
        } finally {
            second.stop();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseDeliverEachEventExactlyOnce() throws Exception {
        DatabaseSettings db = TestPlatform.server().database("twice_" + UUID.randomUUID().toString().replace("-", ""));
        Map<String, String> env = environment(db);
        String path = receiver.path(200);
        PayaraMicro one = start(env, "one");
        try {
            assertTrue(one.awaitReady(), "the first instance never became ready");
            PayaraMicro two = start(env, "two");
            try {
                assertTrue(two.awaitReady(), "the second instance never became ready");
                String key = tenant(db).apiKey();
                Api first = new Api(new URL(one.baseUri() + "/"));
                Api second = new Api(new URL(two.baseUri() + "/"));
                assertEquals(201, first.post("api/v1/webhooks/endpoints", key,
                        "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"end_user.created\"]}").status());
                for (int i = 0; i < 3 * EVENTS; i++) {
                    new Fixtures(i % 2 == 0 ? first : second, key).endUser("twice-" + i);
                }
                receiver.await(path, 3 * EVENTS);
                Thread.sleep(3000); // a duplicate, if any, would come within the next triggers
                Map<String, Long> received = receiver.at(path).stream()
                        .collect(Collectors.groupingBy(r -> r.header("Humane-Event-Id"), Collectors.counting()));
                assertEquals(3 * EVENTS, received.size());
                assertTrue(received.values().stream().allMatch(n -> n == 1), "delivered more than once: " + received);
            } finally {
                two.stop();
            }
        } finally {
            one.stop();
        }
    }

    private Set<String> deliveredAfter(String path, Instant healed) {
        return receiver.at(path).stream().filter(r -> r.at().isAfter(healed))
                .map(r -> r.header("Humane-Event-Id")).collect(Collectors.toSet());
    }

    private static Map<String, String> environment(DatabaseSettings db) {
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("APP_ENV", "development");
        env.put("JWT_SIGNING_KEYS", TestPlatform.signingKeys());
        env.put("FERNET_KEYS", KeyRing.generateKey());
        env.put("OUTBOUND_ALLOWLIST", WebhookReceiver.allowList());
        return env;
    }

    private static PayaraMicro start(Map<String, String> env, String name) throws IOException {
        Path work = Files.createDirectories(Path.of("target", "durability-" + name + "-" + UUID.randomUUID()));
        Path log = work.resolve("micro.log");
        Files.createFile(log);
        return PayaraMicro.start(Path.of(System.getProperty("payara.microJar")), Path.of(System.getProperty("humane.war")),
                freePort(), env, work, log, List.of("--nocluster", "--prebootcommandfile",
                        System.getProperty("humane.payara.config") + "/pre-boot-commands.asadmin"));
    }

    private static TenantProvisioning.Provisioned tenant(DatabaseSettings db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            return new TenantProvisioning().provision(c, "Durable", "durable-" + UUID.randomUUID() + "@example.test",
                    "Durable Owner");
        }
    }

    private static Set<String> eventIds(DatabaseSettings db) throws SQLException {
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        try (Connection c = TestPlatform.server().superuser(name); Statement query = c.createStatement();
             ResultSet rows = query.executeQuery("SELECT id::text FROM webhook_events")) {
            Set<String> ids = new HashSet<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
