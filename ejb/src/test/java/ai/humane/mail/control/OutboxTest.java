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
    private final AnnouncedMail announced = new AnnouncedMail();

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

    /**
     * A queued mail is announced to the dispatcher, which sends it once the caller commits; a queued request is not
     * (S1: its work waits for the trigger, never beside the answer that queued it), nor a refused mail (broken once:
     * a request announced too).
     */
    @Test
    void announcesAMailButNotARequestNorARefusedMail() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            Outbox outbox = outbox(caller);
            outbox.enqueue(MailKind.VERIFY_EMAIL, "ada@example.com", "Verify your e-mail", "Open https://x/y?token=1");
            assertEquals(1, announced.count());
            outbox.enqueueRequest(MailKind.PASSWORD_RESET_REQUEST, "ada@example.com");
            assertThrows(MailRefused.class, () -> outbox.enqueue(MailKind.INVITATION, "not an address", "Hi", "body"));
            caller.commit();
        }
        assertEquals(1, announced.count(), "the request and the refused mail were not announced");
        assertEquals(2, db.count(), "the mail and the request were queued");
    }

    /** Mail queued on a connection its caller holds (the webhook dispatcher's) is announced when the caller says so. */
    @Test
    void announcesWhatACallerQueuedOnItsOwnConnectionWhenItSaysItCommitted() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            Outbox outbox = outbox(caller);
            outbox.committed();
            assertEquals(1, announced.count());
        }
    }

    private Outbox outbox(CallerTransaction caller) {
        return new Outbox(caller.dataSource(), db.seal, db.keys, announced);
    }
}
