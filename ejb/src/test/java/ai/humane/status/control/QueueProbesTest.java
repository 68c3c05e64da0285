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
        try (Connection c = TestDatabases.server().superuser(db.url().substring(db.url().lastIndexOf('/') + 1));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
