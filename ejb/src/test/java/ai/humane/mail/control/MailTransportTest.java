package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.KeyRing;
import ai.humane.testing.RefusingPort;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queued mail through a real SMTP server (GreenMail on 127.0.0.1) and what a failing server leaves behind. */
class MailTransportTest {

    private static final String PASSWORD = "s3cret-Smtp-Passw0rd";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
            .dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", PASSWORD));

    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void aQueuedMailArrivesWithItsRecipientSubjectAndBody() throws Exception {
        UUID id = db.queue("zoe@example.com", "Verify your e-mail — Grüße ✓", "Hello Zoë,\n\nhttps://humane.test/verify?token=abc");
        Courier.Batch batch = run(courier(settings(SMTP.getSmtp().getPort(), "mailer", PASSWORD)));

        assertEquals(1, batch.delivered());
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertEquals("zoe@example.com", ((InternetAddress) received.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals("no-reply@humane.test", ((InternetAddress) received.getFrom()[0]).getAddress());
        assertEquals("Verify your e-mail — Grüße ✓", received.getSubject());
        assertEquals("Hello Zoë,\r\n\r\nhttps://humane.test/verify?token=abc", received.getContent());
        assertTrue(received.getContentType().toLowerCase().contains("text/plain"), received.getContentType());
        assertTrue(received.getContentType().toLowerCase().contains("utf-8"), received.getContentType());
        assertEquals(1, SMTP.getReceivedMessages().length);

        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("sent", row.status());
        assertTrue(row.sent());
        assertEquals(0, row.attempts());
        assertNull(row.sealed(), "redacted once sent");
        assertFalse(db.raw(id).contains("token=abc"), db.raw(id));
    }

    @Test
    void aMailOfAListCarriesOneClickUnsubscribeHeadersAndOtherMailNone() throws Exception {
        String link = "https://api.humane.test/api/v1/email/unsubscribe?token=AZaz09-_";
        db.queue(new OutgoingMail("ada@example.com", "webhook_failing", "body", link));
        db.queue("bob@example.com", "Reset your password", "body");
        run(courier(settings(SMTP.getSmtp().getPort(), "mailer", PASSWORD)));

        MimeMessage notice = received("ada@example.com");
        assertEquals("<" + link + ">", notice.getHeader("List-Unsubscribe", null));
        assertEquals("List-Unsubscribe=One-Click", notice.getHeader("List-Unsubscribe-Post", null));
        MimeMessage security = received("bob@example.com");
        assertEquals(null, security.getHeader("List-Unsubscribe"));
        assertEquals(null, security.getHeader("List-Unsubscribe-Post"));
    }

    @Test
    void aMailIsSentOnceEvenWhenTheDispatcherRunsAgain() throws Exception {
        db.queue("ada@example.com", "Hi", "body");
        Courier courier = courier(settings(SMTP.getSmtp().getPort(), "mailer", PASSWORD));
        run(courier);
        assertEquals(0, run(courier).delivered());
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void aServerThatIsDownLeavesTheMailPendingWithOneAttemptAndALaterTry() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        Courier.Batch batch;
        try (RefusingPort down = new RefusingPort()) {
            batch = run(courier(settings(down.port(), null, null)));
        }

        assertEquals(1, batch.retried());
        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("pending", row.status());
        assertEquals(1, row.attempts());
        assertTrue(row.dueInSeconds() > 5, "next attempt about 10 s later: " + row.dueInSeconds());
        assertNotNull(row.lastError());
        assertFalse(row.sent());
    }

    @Test
    void aStoppedServerLeavesTheMailPendingUntilItsBackoffHasPassed() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        int port = SMTP.getSmtp().getPort();
        SMTP.stop();
        Courier courier = courier(settings(port, null, null));
        run(courier);
        assertEquals("pending", db.row(id).status());
        assertEquals(1, db.row(id).attempts());
        assertEquals(0, run(courier).delivered(), "not due again before its backoff");
    }

    @Test
    void aRefusedLoginIsRetriedLaterAndItsNoteNeverHoldsThePassword() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        String wrong = "wrong-" + PASSWORD;
        run(courier(settings(SMTP.getSmtp().getPort(), "mailer", wrong)));

        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("pending", row.status());
        assertEquals(1, row.attempts());
        assertFalse(row.lastError().contains(wrong), row.lastError());
        assertFalse(row.lastError().contains(PASSWORD), row.lastError());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void aStoredHeaderInjectionIsNeverSentAndGivenUpAtOnce() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        // Sealed by someone holding the key but going around the Outbox's checks.
        db.update("UPDATE mail_outbox SET sealed = ? WHERE id = ?",
                db.ring.encrypt("mail-v1\n" + id + "\nada@example.com\nHi\rBcc: eve@example.com\n\nbody"), id);
        run(courier(settings(SMTP.getSmtp().getPort(), "mailer", PASSWORD)));

        assertEquals(0, SMTP.getReceivedMessages().length);
        assertEquals("failed", db.row(id).status());
        assertEquals("refused: subject must not contain line breaks or other control characters", db.row(id).lastError());
        assertNull(db.row(id).sealed(), "given up and redacted");
    }

    @Test
    void aSealedMailMovedToAnotherRowIsNeverSent() throws Exception {
        UUID victim = db.queue("ada@example.com", "Reset your password", "https://humane.test/reset?token=ada-s");
        UUID other = db.queue("eve@example.com", "Hi", "body");
        db.update("UPDATE mail_outbox SET sealed = (SELECT sealed FROM mail_outbox WHERE id = ?) WHERE id = ?", victim, other);
        run(courier(settings(SMTP.getSmtp().getPort(), "mailer", PASSWORD)));

        assertEquals(1, SMTP.getReceivedMessages().length, "only the victim's own row is sent");
        assertEquals("failed", db.row(other).status());
        assertEquals("refused: sealed is not the mail of this row", db.row(other).lastError());
    }

    @Test
    void mailNoKeyOpensIsRetriedAndGivenUpInTheEndNeverSent() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        db.update("UPDATE mail_outbox SET sealed = ? WHERE id = ?", new KeyRing(KeyRing.generateKey()).encrypt("x"), id);
        Backoff twice = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 2);
        Courier courier = db.courier(Optional.of(new MailTransport(settings(SMTP.getSmtp().getPort(), null, null))), twice,
                Courier.LEASE);
        assertEquals(1, run(courier).retried());
        assertEquals("pending", db.row(id).status());
        assertTrue(db.row(id).lastError().startsWith("sealed mail not opened: no key in FERNET_KEYS opens"), db.row(id).lastError());
        db.makeDue(id);
        assertEquals(1, run(courier).failed());
        assertEquals("failed", db.row(id).status());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void aRecipientTheServerNamesInItsRefusalIsNotKeptInTheNote() throws Exception {
        UUID id = db.queue("Ada.Lovelace@example.com", "Hi", "body");
        Delivery refusing = new Delivery() {
            @Override
            public void deliver(OutgoingMail mail) throws MessagingException {
                throw new MessagingException("550 5.1.1 <ada.lovelace@example.com>: Recipient address rejected");
            }

            @Override
            public String deliveredStatus() {
                return "sent";
            }
        };
        run(db.courier(Optional.of(refusing), Backoff.STANDARD, Courier.LEASE));
        assertEquals("MessagingException: 550 5.1.1 <***>: Recipient address rejected", db.row(id).lastError());
    }

    @Test
    void theLastAllowedFailureGivesTheMailUp() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        Backoff once = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 1);
        try (RefusingPort down = new RefusingPort()) {
            Courier courier = db.courier(Optional.of(new MailTransport(settings(down.port(), null, null))), once, Courier.LEASE);
            assertEquals(1, run(courier).failed());
        }
        assertEquals("failed", db.row(id).status());
    }

    @Test
    void mailLeftWhenTheLeaseRunsShortIsReleasedUntried() throws Exception {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        Courier courier = db.courier(Optional.of(new MailTransport(settings(SMTP.getSmtp().getPort(), null, null))),
                Backoff.STANDARD, Duration.ZERO);
        assertEquals(1, run(courier).released());
        assertEquals(0, SMTP.getReceivedMessages().length);
        assertEquals("pending", db.row(id).status());
        assertEquals(0, db.row(id).attempts());
    }

    private static MimeMessage received(String recipient) throws Exception {
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            if (((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress().equals(recipient)) {
                return message;
            }
        }
        throw new AssertionError("nothing received for " + recipient);
    }

    private Courier.Batch run(Courier courier) throws SQLException {
        try (Connection app = db.app()) {
            return courier.run(app);
        }
    }

    private Courier courier(SmtpSettings settings) {
        return Courier.forEnvironment(true, Optional.of(settings), db.seal, OutboxDatabase.NO_REQUESTS);
    }

    private static SmtpSettings settings(int port, String username, String password) {
        return SmtpSettings.of(Optional.of("127.0.0.1"), port, Optional.ofNullable(username), Optional.ofNullable(password),
                Optional.of("Humane <no-reply@humane.test>"), false).orElseThrow();
    }
}
