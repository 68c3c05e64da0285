package ai.humane.mail.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of the outbox, on whatever connection it is handed: inside the caller's transaction for
 * {@link #insert}, and in autocommit for the claim and the marks, each its own short transaction, so no
 * row lock is held while SMTP is talking.
 */
public class OutboxRows {

    // SKIP LOCKED lets concurrent dispatchers take disjoint rows without waiting for each other; the
    // lease (status 'sending' until claimed_until) keeps a claimed row away from every other claim after
    // this statement commits, and lets the row be claimed again once a crashed sender's lease runs out.
    private static final String CLAIM = """
            UPDATE mail_outbox m
               SET status = 'sending', claim_id = ?, claimed_until = now() + make_interval(secs => ?)
              FROM (SELECT id FROM mail_outbox
                     WHERE (status = 'pending' AND next_attempt_at <= now())
                        OR (status = 'sending' AND claimed_until <= now())
                     ORDER BY next_attempt_at
                     LIMIT ?
                     FOR UPDATE SKIP LOCKED) due
             WHERE m.id = due.id
            RETURNING m.id, m.attempts, m.recipient, m.subject, m.body_text, m.unsubscribe_url""";

    private static final String SETTLE = """
            UPDATE mail_outbox
               SET status = ?, sent_at = now(), claim_id = NULL, claimed_until = NULL, last_error = NULL
             WHERE id = ? AND claim_id = ?""";

    private static final String RETRY = """
            UPDATE mail_outbox
               SET status = ?, attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ?),
                   last_error = ?, claim_id = NULL, claimed_until = NULL
             WHERE id = ? AND claim_id = ?""";

    private static final String RELEASE = """
            UPDATE mail_outbox SET status = 'pending', claim_id = NULL, claimed_until = NULL
             WHERE id = ? AND claim_id = ?""";

    /** Queues a checked mail; answers its id. */
    public UUID insert(Connection db, OutgoingMail mail) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO mail_outbox (id, recipient, subject, body_text, unsubscribe_url) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, mail.recipient());
            insert.setString(3, mail.subject());
            insert.setString(4, mail.body());
            insert.setString(5, mail.unsubscribeUrl());
            insert.executeUpdate();
        }
        return id;
    }

    /** Takes up to {@code limit} due rows for one batch, leased for {@code lease}. */
    public List<ClaimedMail> claim(Connection db, int limit, Duration lease) throws SQLException {
        UUID claim = UUID.randomUUID();
        try (PreparedStatement update = db.prepareStatement(CLAIM)) {
            update.setObject(1, claim);
            update.setDouble(2, lease.toMillis() / 1000.0);
            update.setInt(3, limit);
            List<ClaimedMail> claimed = new ArrayList<>();
            try (ResultSet row = update.executeQuery()) {
                while (row.next()) {
                    claimed.add(new ClaimedMail(row.getObject(1, UUID.class), claim, row.getInt(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6)));
                }
            }
            return claimed;
        }
    }

    /** Records a mail as handed over ({@code sent}) or written to the log ({@code logged}); false when the claim was lost. */
    public boolean settle(Connection db, ClaimedMail mail, String status) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(SETTLE)) {
            update.setString(1, status);
            return mark(update, 2, mail);
        }
    }

    /** Counts a failed attempt: the row waits {@code wait}, or is given up as {@code failed}. */
    public boolean retryLater(Connection db, ClaimedMail mail, Duration wait, boolean giveUp, String error)
            throws SQLException {
        try (PreparedStatement update = db.prepareStatement(RETRY)) {
            update.setString(1, giveUp ? "failed" : "pending");
            update.setDouble(2, wait.toMillis() / 1000.0);
            update.setString(3, error);
            return mark(update, 4, mail);
        }
    }

    /** Hands a row back untried, without counting an attempt, when the batch ran out of lease. */
    public boolean release(Connection db, ClaimedMail mail) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(RELEASE)) {
            return mark(update, 1, mail);
        }
    }

    /** Due mail nobody may send (production without SMTP): how much is waiting. */
    public int countDue(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now()");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static boolean mark(PreparedStatement update, int firstKey, ClaimedMail mail) throws SQLException {
        update.setObject(firstKey, mail.id());
        update.setObject(firstKey + 1, mail.claim());
        return update.executeUpdate() == 1;
    }
}
