package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** V11 on an outbox written before it: no link, subject or address survives, and waiting mail is given up. */
class OutboxMigrationTest {

    @Test
    void mailQueuedInClearBeforeV11IsGivenUpAndEveryRowKeepsOnlyWhatTheOperatorNeeds() throws SQLException {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), "9");
        UUID pending = UUID.randomUUID();
        UUID sent = UUID.randomUUID();
        try (Connection owner = TestDatabases.asOwner(db)) {
            insert(owner, pending, "pending", null);
            insert(owner, sent, "sent", "550 <ada@example.com> was slow once");
        }
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();

        try (Connection owner = TestDatabases.asOwner(db)) {
            assertEquals("failed|legacy|example.com|given up at migration V11: queued before mail was sealed", row(owner, pending));
            assertEquals("sent|legacy|example.com|550 <***> was slow once", row(owner, sent));
            String all = text(owner, "SELECT string_agg(to_jsonb(m)::text, ' ') FROM mail_outbox m");
            for (String secret : new String[] {"live-token", "Reset your", "ada@"}) {
                assertFalse(all.toLowerCase().contains(secret.toLowerCase()), secret + " survived: " + all);
            }
        }
    }

    private static void insert(Connection owner, UUID id, String status, String error) throws SQLException {
        try (PreparedStatement insert = owner.prepareStatement("INSERT INTO mail_outbox (id, recipient, subject, body_text, "
                + "status, claim_id, claimed_until, sent_at, last_error) VALUES (?, 'Ada@Example.com', 'Reset your password', "
                + "'https://humane.test/reset?token=live-token', ?, NULL, NULL, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, status);
            insert.setObject(3, "sent".equals(status) ? java.time.OffsetDateTime.now() : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            insert.setString(4, error);
            insert.executeUpdate();
        }
    }

    private static String row(Connection owner, UUID id) throws SQLException {
        try (PreparedStatement query = owner.prepareStatement(
                "SELECT concat_ws('|', status, kind, recipient_domain, last_error) FROM mail_outbox WHERE id = ? AND sealed IS NULL")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "no redacted row " + id;
            }
        }
    }

    private static String text(Connection owner, String sql) throws SQLException {
        try (PreparedStatement query = owner.prepareStatement(sql); ResultSet row = query.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }
}
