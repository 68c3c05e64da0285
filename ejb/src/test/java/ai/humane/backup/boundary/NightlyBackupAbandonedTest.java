package ai.humane.backup.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.MailSeal;
import ai.humane.mail.control.OperatorMail;
import ai.humane.mail.control.OperatorMails;
import ai.humane.mail.control.Outbox;
import ai.humane.mail.control.SendKeys;
import ai.humane.testing.TestDatabases;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * O3: a nightly run whose instance stopped mid-way (a deploy, a crash) is marked failed
 * {@value NightlyBackup#ABANDONED_AFTER_HOURS} hours after it began, and the operators are told by mail, queued in the
 * transaction that marks it, once however many instances look (broken once: marked, but no mail). On PostgreSQL, as
 * the runtime role; the mail is read back from the outbox, opened with its seal.
 */
class NightlyBackupAbandonedTest {

    private final DatabaseSettings db = TestDatabases.migrated();
    private final MailSeal seal = new MailSeal(new KeyRing(KeyRing.generateKey()));
    private final MailQueue queue = new MailQueue(seal, new SendKeys(new HmacKeys(HmacKeys.generateKey())));
    private final AtomicInteger committed = new AtomicInteger();
    private final String operator = "ops-" + UUID.randomUUID() + "@humane.test";

    @Test
    void aRunStillRunningTwelveHoursAfterItBeganIsMarkedFailedAndMailedOnce() throws SQLException {
        LocalDate day = LocalDate.of(2001, 1, 1).plusDays((long) (Math.random() * 3000));
        UUID stale = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        TestDatabases.superuser(db, "DELETE FROM backup_runs WHERE kind = 'nightly' AND status = 'running'");
        TestDatabases.superuser(db, "INSERT INTO backup_runs (id, kind, day, started_at) VALUES (?, 'nightly', ?,"
                + " now() - interval '13 hours')", stale, day);
        TestDatabases.superuser(db, "INSERT INTO backup_runs (id, kind, day, started_at) VALUES (?, 'nightly', ?,"
                + " now() - interval '1 hour')", recent, day.plusDays(1));

        NightlyBackup first = backup();
        first.tellAbandoned();
        backup().tellAbandoned();

        assertEquals("failed running", TestDatabases.superuser(db, "SELECT (SELECT status FROM backup_runs WHERE id = ?)"
                + " || ' ' || (SELECT status FROM backup_runs WHERE id = ?)", stale, recent));
        String[] mail = TestDatabases.superuser(db, "SELECT coalesce(string_agg(id::text || ' ' || sealed, ' '), '') FROM mail_outbox"
                + " WHERE kind = 'backup_report' AND created_at > now() - interval '1 minute'").split(" ");
        assertEquals(2, mail.length, "one mail to the one operator, however many instances looked");
        var opened = seal.open(UUID.fromString(mail[0]), mail[1]);
        assertEquals(operator, opened.recipient());
        assertEquals("Backup of " + day + " FAILED", opened.subject());
        assertTrue(opened.body().contains("the instance taking it stopped"), opened.body());
        assertEquals(2, committed.get(), "the dispatcher is told after each commit");
    }

    /** An instance's bean as the container would build it, on the test database as the runtime role. */
    private NightlyBackup backup() {
        Outbox outbox = new Outbox() {
            @Override
            public MailQueue queue() {
                return queue;
            }

            @Override
            public void committed() {
                committed.incrementAndGet();
            }
        };
        OperatorMail operators = OperatorMails.to(outbox, operator);
        NightlyBackup backup = new NightlyBackup();
        backup.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection")) {
                        return TestDatabases.asApp(db);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        backup.operators = operators;
        backup.outbox = outbox;
        return backup;
    }
}
