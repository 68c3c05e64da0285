package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.KeyRing;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** K3 for the outbox: mail still waiting moves to a new first key, so the old one can leave FERNET_KEYS. */
class SealedMailReencryptionTest {

    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void waitingMailMovesToTheNewKeyAndStillOpensAfterTheOldKeyIsDropped() throws SQLException {
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < SealedMailReencryption.PAGE + 5; i++) {
            waiting.add(db.queue("user" + i + "@example.com", "Hi", "https://humane.test/r?token=" + i));
        }
        String newKey = KeyRing.generateKey();
        KeyRing rotated = new KeyRing(newKey + "," + db.ringKey);
        SealedMailReencryption.Report report;
        try (Connection app = db.app()) {
            report = new SealedMailReencryption(new MailSeal(rotated).reencryption()).run(app);
            assertEquals(0, new SealedMailReencryption(new MailSeal(rotated).reencryption()).run(app).moved(), "nothing left");
        }
        assertEquals(waiting.size(), report.moved());
        assertTrue(report.unreadable().isEmpty());
        MailSeal newOnly = new MailSeal(new KeyRing(newKey));
        UUID last = waiting.get(waiting.size() - 1);
        assertEquals("user" + (waiting.size() - 1) + "@example.com", newOnly.open(last, db.row(last).sealed()).recipient());
    }

    @Test
    void mailNoKeyOpensIsReportedAndLeftAsItIs() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        String before = db.row(id).sealed();
        try (Connection app = db.app()) {
            SealedMailReencryption.Report report = new SealedMailReencryption(
                    new MailSeal(new KeyRing(KeyRing.generateKey())).reencryption()).run(app);
            assertEquals(List.of(id), report.unreadable());
            assertEquals(0, report.moved());
        }
        assertEquals(before, db.row(id).sealed());
    }

    @Test
    void aRowSettledMeanwhileIsNotGivenItsMailBack() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        String read = db.row(id).sealed();
        try (Connection app = db.app()) {
            OutboxRows rows = new OutboxRows();
            rows.settle(app, rows.claim(app, 10, Courier.LEASE, false).get(0), "sent");
            try (var reseal = app.prepareStatement("SELECT mail_reseal(?, ?, ?)")) {
                reseal.setObject(1, id);
                reseal.setString(2, read);
                reseal.setString(3, "another token");
                try (var row = reseal.executeQuery()) {
                    row.next();
                    assertEquals(false, row.getBoolean(1));
                }
            }
        }
        assertNull(db.row(id).sealed());
    }
}
