package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.LoggedRecords;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without SMTP: development writes mail to the log; production keeps it and says so. */
class MailLogTest {

    private LoggedRecords mailLogs;
    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabaseAndCapturedLogs() {
        db = OutboxDatabase.migrated();
        mailLogs = LoggedRecords.of("ai.humane.mail");
    }

    @AfterEach
    void releaseLogs() {
        mailLogs.close();
    }

    @Test
    void developmentWithoutSmtpLogsTheFullMailAndMarksItLogged() throws SQLException {
        var id = db.queue("ada@example.com", "Reset your password", "Open https://humane.test/reset?token=tok123\nThanks");
        Courier courier = Courier.forEnvironment(false, Optional.empty(), db.seal, OutboxDatabase.NO_REQUESTS);
        Courier.Batch batch = run(courier);

        assertEquals(1, batch.delivered());
        assertEquals("logged", db.row(id).status());
        assertTrue(db.row(id).sent());
        LogRecord logged = mailLogs.records().stream().filter(r -> r.getLoggerName().equals(MailLog.class.getName())).findFirst().orElseThrow();
        assertEquals(Level.INFO, logged.getLevel());
        assertTrue(logged.getMessage().contains("To: ada@example.com"), logged.getMessage());
        assertTrue(logged.getMessage().contains("Subject: Reset your password"), logged.getMessage());
        assertTrue(logged.getMessage().contains("Open https://humane.test/reset?token=tok123\nThanks"), logged.getMessage());
        assertEquals(0, run(courier).delivered(), "logged once");
    }

    @Test
    void productionWithoutSmtpKeepsMailPendingAndLogsSevereOncePerBatch() throws SQLException {
        var first = db.queue("ada@example.com", "Hi", "https://humane.test/verify?token=secret-link");
        db.queue("bob@example.com", "Hi", "https://humane.test/verify?token=other-link");
        Courier courier = Courier.forEnvironment(true, Optional.empty(), db.seal, OutboxDatabase.NO_REQUESTS);
        Courier.Batch batch = run(courier);

        assertTrue(courier.holding());
        assertEquals(2, batch.held());
        assertEquals("pending", db.row(first).status());
        assertEquals(0, db.row(first).attempts());
        List<LogRecord> severe = mailLogs.records().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, severe.size());
        assertTrue(severe.get(0).getMessage().contains("SMTP_HOST"), severe.get(0).getMessage());
        assertTrue(mailLogs.records().stream().noneMatch(r -> r.getMessage().contains("secret-link")), "production logs no link");
    }

    @Test
    void productionWithoutSmtpAndNothingDueStaysQuiet() throws SQLException {
        run(Courier.forEnvironment(true, Optional.empty(), db.seal, OutboxDatabase.NO_REQUESTS));
        assertTrue(mailLogs.records().isEmpty(), mailLogs.records().toString());
    }

    private Courier.Batch run(Courier courier) throws SQLException {
        try (Connection app = db.app()) {
            return courier.run(app);
        }
    }
}
