package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request queued in the outbox (S2: a password reset asked for an address) is carried out by the dispatcher's batch
 * instead of being sent, settled like a mail once its work is done, and retried like one when the work fails; the
 * outbox keeps of it what it keeps of a mail.
 */
class QueuedRequestsTest {

    private static OutboxDatabase db;

    @BeforeAll
    static void database() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void aRequestIsCarriedOutNotSentAndRedactedWhileAMailBesideItIsSent() throws Exception {
        UUID request = queueRequest("asker@example.test");
        UUID mail = db.queue("reader@example.test", "Hi", "body");
        List<QueuedRequest> carriedOut = new ArrayList<>();

        Courier.Batch batch;
        try (Connection app = db.app()) {
            app.setAutoCommit(true);
            batch = db.courier(Optional.of(new MailLog()), carriedOut::add, Backoff.STANDARD, Courier.LEASE).run(app);
        }

        assertEquals(List.of(new QueuedRequest(MailKind.PASSWORD_RESET_REQUEST, "asker@example.test")), carriedOut);
        assertEquals(2, batch.delivered(), batch.toString());
        OutboxDatabase.OutboxRow row = db.row(request);
        assertEquals("sent", row.status());
        assertEquals("password_reset_request", row.kind());
        assertEquals("example.test", row.recipientDomain());
        assertNull(row.sealed());
        assertFalse(db.raw(request).contains("asker"), db.raw(request));
        assertEquals("logged", db.row(mail).status(), "the mail went to its delivery");
    }

    @Test
    void aRequestWhoseWorkFailedWaitsLikeAMailAndItsNoteNamesNoAddress() throws Exception {
        UUID request = queueRequest("unlucky@example.test");
        try (Connection app = db.app()) {
            app.setAutoCommit(true);
            db.courier(Optional.of(new MailLog()), failed -> {
                throw new IllegalStateException("no connection for unlucky@example.test");
            }, Backoff.STANDARD, Courier.LEASE).run(app);
        }
        OutboxDatabase.OutboxRow row = db.row(request);
        assertEquals("pending", row.status());
        assertEquals(1, row.attempts());
        assertTrue(row.dueInSeconds() > 0, "waits before the next attempt");
        assertEquals("password_reset_request not carried out: java.lang.IllegalStateException", row.lastError());
    }

    /**
     * Requests are claimed in a turn of their own: a flood of them queued before a mail (more than a batch of mail and
     * a turn of requests together) does not hold the mail back (broken once: the mail waited behind 120 requests).
     */
    @Test
    void aFloodOfRequestsTakesNoMailsPlace() throws Exception {
        OutboxDatabase flooded = OutboxDatabase.migrated();
        MailQueue queue = new MailQueue(flooded.seal, flooded.keys);
        int requests = Courier.BATCH_SIZE + Courier.REQUEST_BATCH_SIZE + 1;
        try (Connection app = flooded.app()) {
            for (int i = 0; i < requests; i++) {
                queue.queueRequest(app, MailKind.PASSWORD_RESET_REQUEST, "made-up-" + i + "@example.test");
            }
        }
        UUID mail = flooded.queue("notified@example.test", "Your second factor was turned on", "body");
        List<QueuedRequest> carriedOut = new ArrayList<>();
        try (Connection app = flooded.app()) {
            app.setAutoCommit(true);
            flooded.courier(Optional.of(new MailLog()), carriedOut::add, Backoff.STANDARD, Courier.LEASE).run(app);
        }
        assertEquals("logged", flooded.row(mail).status(), "the mail went in the first batch");
        assertEquals(Courier.REQUEST_BATCH_SIZE, carriedOut.size(), "a turn of requests beside it");
    }

    /**
     * Past {@link MailQueue#MOST_REQUESTS_WAITING} waiting requests a new one is refused (503) for any address, rather
     * than queued behind a flood; once some are carried out, requests are taken again.
     */
    @Test
    void pastItsBoundTheQueueRefusesRequestsUntilSomeAreCarriedOut() throws Exception {
        OutboxDatabase flooded = OutboxDatabase.migrated();
        MailQueue queue = new MailQueue(flooded.seal, flooded.keys);
        try (Connection app = flooded.app()) {
            for (int i = 0; i < MailQueue.MOST_REQUESTS_WAITING; i++) {
                queue.queueRequest(app, MailKind.PASSWORD_RESET_REQUEST, "made-up-" + i + "@example.test");
            }
            assertThrows(RequestsBacklogged.class,
                    () -> queue.queueRequest(app, MailKind.PASSWORD_RESET_REQUEST, "one-more@example.test"));
        }
        try (Connection app = flooded.app()) {
            app.setAutoCommit(true);
            flooded.courier(Optional.of(new MailLog()), request -> { }, Backoff.STANDARD, Courier.LEASE).run(app);
            assertNotNull(queue.queueRequest(app, MailKind.PASSWORD_RESET_REQUEST, "one-more@example.test"));
        }
    }

    private static UUID queueRequest(String address) throws Exception {
        try (Connection app = db.app()) {
            return new MailQueue(db.seal, db.keys).queueRequest(app, MailKind.PASSWORD_RESET_REQUEST, address);
        }
    }
}
