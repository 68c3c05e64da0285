package ai.humane.mail.control;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** A freshly migrated database whose outbox the tests use as the runtime role, as the dispatcher does. */
final class OutboxDatabase {

    private final DatabaseSettings db;

    private OutboxDatabase(DatabaseSettings db) {
        this.db = db;
    }

    static OutboxDatabase migrated() {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        return new OutboxDatabase(db);
    }

    Connection app() throws SQLException {
        return TestDatabases.asApp(db);
    }

    UUID queue(String recipient, String subject, String body) throws SQLException {
        return queue(new OutgoingMail(recipient, subject, body));
    }

    UUID queue(OutgoingMail mail) throws SQLException {
        try (Connection app = app()) {
            return new OutboxRows().insert(app, mail);
        }
    }

    /** Moves time forward for one row: its wait or its lease is over. */
    void makeDue(UUID id) throws SQLException {
        update("UPDATE mail_outbox SET next_attempt_at = now() - interval '1 second',"
                + " claimed_until = CASE WHEN claimed_until IS NULL THEN NULL ELSE now() - interval '1 second' END"
                + " WHERE id = ?", id);
    }

    void update(String sql, Object... parameters) throws SQLException {
        try (Connection app = app(); PreparedStatement update = app.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    int count() throws SQLException {
        try (Connection app = app(); PreparedStatement query = app.prepareStatement("SELECT count(*) FROM mail_outbox");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    OutboxRow row(UUID id) throws SQLException {
        try (Connection app = app(); PreparedStatement query = app.prepareStatement("""
                SELECT status, attempts, extract(epoch FROM next_attempt_at - now()), last_error, sent_at IS NOT NULL,
                       recipient, subject, body_text
                  FROM mail_outbox WHERE id = ?""")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no outbox row " + id);
                }
                return new OutboxRow(row.getString(1), row.getInt(2), row.getDouble(3), row.getString(4), row.getBoolean(5),
                        row.getString(6), row.getString(7), row.getString(8));
            }
        }
    }

    /** One row as the database holds it; {@code dueInSeconds} is negative once the row is due. */
    record OutboxRow(String status, int attempts, double dueInSeconds, String lastError, boolean sent,
                     String recipient, String subject, String body) {
    }
}
