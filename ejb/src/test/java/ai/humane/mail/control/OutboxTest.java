package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queuing a mail in the caller's transaction, on a real PostgreSQL 16 as the runtime role. */
class OutboxTest {

    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void queuesAMailThatIsPendingAndDueAtOnceWhenTheCallerCommits() throws SQLException {
        UUID id;
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            id = outbox(caller).enqueue(MailKind.VERIFY_EMAIL, "ada@example.com", "Verify your e-mail", "Open https://x/y?token=1");
            caller.commit();
        }
        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("pending", row.status());
        assertEquals(0, row.attempts());
        assertTrue(row.dueInSeconds() <= 0, "due now: " + row.dueInSeconds());
        assertEquals("verify_email", row.kind());
        assertEquals("ada@example.com", db.opened(id).recipient());
        assertEquals("Open https://x/y?token=1", db.opened(id).body());
    }

    @Test
    void queuesNothingWhenTheCallerRollsBack() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            outbox(caller).enqueue(MailKind.VERIFY_EMAIL, "ada@example.com", "Verify your e-mail", "a sign-up that fails later");
            caller.rollback();
        }
        assertEquals(0, db.count());
    }

    @Test
    void storesNothingForAMailWithAnInjectedHeader() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            Outbox outbox = outbox(caller);
            assertThrows(MailRefused.class, () -> outbox.enqueue(MailKind.INVITATION, "ada@example.com", "Hi\r\nBcc: eve@example.com", "body"));
            assertThrows(MailRefused.class, () -> outbox.enqueue(MailKind.INVITATION, "ada@example.com\r\nBcc: eve@example.com", "Hi", "body"));
            assertThrows(MailRefused.class, () -> outbox.enqueue(MailKind.INVITATION, "not an address", "Hi", "body"));
            caller.commit();
        }
        assertEquals(0, db.count());
    }

    @Test
    void keepsNonAsciiTextIntact() throws SQLException {
        UUID id;
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            id = outbox(caller).enqueue(MailKind.INVITATION, "zoe@example.com", "Grüße aus Zürich ✓", "Привет, 世界\nline two");
            caller.commit();
        }
        assertEquals("Grüße aus Zürich ✓", db.opened(id).subject());
        assertEquals("Привет, 世界\nline two", db.opened(id).body());
    }

    private Outbox outbox(CallerTransaction caller) {
        return new Outbox(caller.dataSource(), db.seal, db.keys);
    }
}
