package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.PayaraMicro;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.MicroInstances;
import ai.humane.testing.TestPlatform;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * W3 on real processes: Payara Micro killed with SIGKILL while deliveries are pending, then a new instance on
 * the same database delivers every event at least once, none lost (a delivery the dead instance held comes
 * back when its lease runs out). Two instances delivering each event once: {@code ai.humane.cluster.ClusterIT}.
 */
class DeliveryDurabilityIT {

    private static final int EVENTS = 10;
    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(4);

    private final WebhookReceiver receiver = WebhookReceiver.shared();

    @Test
    void everyEventPendingAtACrashIsDeliveredAfterTheRestart() throws Exception {
        DatabaseSettings db = MicroInstances.database("durable");
        Map<String, String> env = MicroInstances.environment(db);
        String path = receiver.path(503);

        PayaraMicro first = MicroInstances.start(env, "first");
        try {
            assertTrue(first.awaitReady(), "the first instance never became ready");
            Api api = new Api(new URL(first.baseUri() + "/"));
            String key = MicroInstances.tenant(db, "Durable").apiKey();
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

        PayaraMicro second = MicroInstances.start(env, "second");
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

    private Set<String> deliveredAfter(String path, Instant healed) {
        return receiver.at(path).stream().filter(r -> r.at().isAfter(healed))
                .map(r -> r.header("Humane-Event-Id")).collect(Collectors.toSet());
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
}
