package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The backlog and backup probes read one number each through the runtime role; the walled outbox (K3) stays
 * closed to it, yet its oldest due mail's age is measured.
 */
class QueueProbesTest {

    private final DatabaseSettings db = StatusDatabase.migrated();

    @Test
    void theOldestDueMailsAgeIsMeasuredThroughTheWall() throws Exception {
        assertEquals(State.OPERATIONAL, BacklogProbe.mail(() -> StatusDatabase.app(db)).run().state());
        try (Connection app = StatusDatabase.app(db);
             PreparedStatement mail = app.prepareStatement("SELECT mail_enqueue(?, 'verify_email', 'example.test', ?, 'sealed')")) {
            mail.setObject(1, UUID.randomUUID());
            mail.setBytes(2, new byte[32]);
            mail.executeQuery().close();
        }
        superuser("UPDATE mail_outbox SET next_attempt_at = now() - interval '40 minutes'");
        Check late = BacklogProbe.mail(() -> StatusDatabase.app(db)).run();
        assertEquals(State.OUTAGE, late.state());
        assertTrue(late.figure() >= 2400, "seconds: " + late.figure());
        Check webhooks = BacklogProbe.webhooks(() -> StatusDatabase.app(db)).run();
        assertEquals(State.OPERATIONAL, webhooks.state(), webhooks.note());
        assertEquals(0.0, webhooks.figure());
    }

    /**
     * The webhook backlog is what the dispatcher would send: a delivery long due to a disabled endpoint (which keeps
     * it queued) counts for nothing, one to an enabled endpoint counts. Before, any tenant could hold the public page
     * at a webhooks outage with an endpoint it had switched off (broken once).
     */
    @Test
    void theWebhookBacklogCountsOnlyEndpointsThatAreSentTo() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID endpoint = UUID.randomUUID();
        superuser("INSERT INTO tenants (id, name) VALUES ('" + tenant + "', 'Backlog')");
        superuser("INSERT INTO webhook_endpoints (id, tenant_id, url, events, enabled, secret) VALUES ('" + endpoint + "', '"
                + tenant + "', 'https://hooks.example.test/h', '[\"*\"]', false, 'sealed')");
        UUID event = UUID.randomUUID();
        superuser("INSERT INTO webhook_events (id, tenant_id, type, payload) VALUES ('" + event + "', '" + tenant
                + "', 'webhook.test', '{}')");
        superuser("INSERT INTO webhook_deliveries (id, tenant_id, event_id, endpoint_id, next_attempt_at) VALUES"
                + " (gen_random_uuid(), '" + tenant + "', '" + event + "', '" + endpoint + "', now() - interval '20 minutes')");

        Check off = BacklogProbe.webhooks(() -> StatusDatabase.app(db)).run();
        assertEquals(0.0, off.figure(), "a disabled endpoint's queue is no backlog");
        assertEquals(State.OPERATIONAL, off.state());
        superuser("UPDATE webhook_endpoints SET enabled = true WHERE id = '" + endpoint + "'");
        Check on = BacklogProbe.webhooks(() -> StatusDatabase.app(db)).run();
        assertTrue(on.figure() >= 1200, "seconds: " + on.figure());
    }

    @Test
    void theBackupAgeCountsOnlyBackupsThatSucceeded() throws Exception {
        assertEquals(State.OUTAGE, new BackupAgeProbe(() -> StatusDatabase.app(db)).run().state(), "none yet");
        try (Connection app = StatusDatabase.app(db); Statement s = app.createStatement()) {
            s.execute("INSERT INTO backup_runs (id, kind, day, status, finished_at) VALUES (gen_random_uuid(), 'manual',"
                    + " current_date, 'succeeded', now() - interval '30 hours')");
            s.execute("INSERT INTO backup_runs (id, kind, day, status, finished_at) VALUES (gen_random_uuid(), 'nightly',"
                    + " current_date, 'failed', now())");
        }
        Check missed = new BackupAgeProbe(() -> StatusDatabase.app(db)).run();
        assertEquals(State.DEGRADED, missed.state());
        assertTrue(missed.figure() >= 30 && missed.figure() < 31, "hours: " + missed.figure());
    }

    private void superuser(String sql) throws Exception {
        try (Connection c = TestDatabases.asSuperuser(db);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
