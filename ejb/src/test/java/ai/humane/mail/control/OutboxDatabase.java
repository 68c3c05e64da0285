package ai.humane.mail.control;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A freshly migrated database whose outbox the tests use as the runtime role, as the dispatcher does, with
 * keys of their own. The runtime role cannot read the outbox: rows are arranged and read back as the owner.
 */
final class OutboxDatabase {

    /** For the tests that queue mail only. */
    static final MailRequests NO_REQUESTS = request -> {
        throw new IllegalStateException("no request is queued in this test");
    };

    final String ringKey = KeyRing.generateKey();
    final KeyRing ring = new KeyRing(ringKey);
    final MailSeal seal = new MailSeal(ring);
    final SendKeys keys = new SendKeys(new HmacKeys(HmacKeys.generateKey()));
    private final DatabaseSettings db;

    private OutboxDatabase(DatabaseSettings db) {
        this.db = db;
    }

    static OutboxDatabase migrated() {
        DatabaseSettings db = TestDatabases.migrated();
        return new OutboxDatabase(db);
    }

    Connection app() throws SQLException {
        return TestDatabases.asApp(db);
    }

    Courier courier(java.util.Optional<Delivery> delivery, Backoff backoff, java.time.Duration lease) {
        return courier(delivery, NO_REQUESTS, backoff, lease);
    }

    Courier courier(java.util.Optional<Delivery> delivery, MailRequests requests, Backoff backoff, java.time.Duration lease) {
        return new Courier(seal, delivery, requests, backoff, Courier.BATCH_SIZE, lease);
    }

    UUID queue(String recipient, String subject, String body) throws SQLException {
        return queue(new OutgoingMail(recipient, subject, body));
    }

    UUID queue(OutgoingMail mail) throws SQLException {
        try (Connection app = app()) {
            return new MailQueue(seal, keys).queue(app, MailKind.PASSWORD_RESET, mail);
        }
    }

    /** Moves time forward for one row: its wait or its lease is over. */
    void makeDue(UUID id) throws SQLException {
        update("UPDATE mail_outbox SET next_attempt_at = now() - interval '1 second',"
                + " claimed_until = CASE WHEN claimed_until IS NULL THEN NULL ELSE now() - interval '1 second' END"
                + " WHERE id = ?", id);
    }

    /** Arranges rows as the owner role, which the runtime role is not. */
    void update(String sql, Object... parameters) throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db); PreparedStatement update = owner.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    int count() throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db);
             PreparedStatement query = owner.prepareStatement("SELECT count(*) FROM mail_outbox");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** The whole row as the database holds it, as JSON text. */
    String raw(UUID id) throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db);
             PreparedStatement query = owner.prepareStatement("SELECT to_jsonb(m)::text FROM mail_outbox m WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    OutboxRow row(UUID id) throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db); PreparedStatement query = owner.prepareStatement("""
                SELECT status, attempts, extract(epoch FROM next_attempt_at - now()), last_error, sent_at IS NOT NULL,
                       kind, recipient_domain, recipient_key, sealed
                  FROM mail_outbox WHERE id = ?""")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no outbox row " + id);
                }
                return new OutboxRow(id, row.getString(1), row.getInt(2), row.getDouble(3), row.getString(4),
                        row.getBoolean(5), row.getString(6), row.getString(7), row.getBytes(8), row.getString(9));
            }
        }
    }

    /** One row as the database holds it; {@code dueInSeconds} is negative once the row is due. */
    record OutboxRow(UUID id, String status, int attempts, double dueInSeconds, String lastError, boolean sent,
                     String kind, String recipientDomain, byte[] recipientKey, String sealed) {
    }

    /** The mail a pending row holds, opened as the sender opens it. */
    OutgoingMail opened(UUID id) throws SQLException {
        OutboxRow row = row(id);
        if (row.sealed() == null) {
            throw new AssertionError("outbox row " + id + " holds no mail (" + row.status() + ")");
        }
        return seal.open(id, row.sealed());
    }
}
