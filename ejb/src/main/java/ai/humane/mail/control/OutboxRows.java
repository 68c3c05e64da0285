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
 * The outbox's functions, on whatever connection it is handed: inside the caller's transaction for
 * {@link #insert}, and in autocommit for the claim and the marks, each its own short transaction, so no
 * row lock is held while SMTP is talking. The runtime role holds no privilege on {@code mail_outbox}
 * itself (V11): these owner-run functions are the only way in, and none answers more than ids, counters
 * and sealed tokens.
 */
public class OutboxRows {

    /** Queues a sealed mail, pending and due now. */
    public void insert(Connection db, UUID id, MailKind kind, String recipientDomain, byte[] recipientKey, String sealed)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("SELECT mail_enqueue(?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, kind.slug());
            insert.setString(3, recipientDomain);
            insert.setBytes(4, recipientKey);
            insert.setString(5, sealed);
            insert.execute();
        }
    }

    /**
     * Takes up to {@code limit} due rows for one batch, leased for {@code lease}: mail, or the requests queued beside
     * it ({@link MailRequests}), each in a turn of its own so that requests never take a mail's place (V41).
     */
    public List<ClaimedMail> claim(Connection db, int limit, Duration lease, boolean requests) throws SQLException {
        UUID claim = UUID.randomUUID();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT mail_id, mail_attempts, mail_sealed FROM mail_claim(?, ?, ?, ?)")) {
            query.setObject(1, claim);
            query.setDouble(2, lease.toMillis() / 1000.0);
            query.setInt(3, limit);
            query.setBoolean(4, requests);
            List<ClaimedMail> claimed = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    claimed.add(new ClaimedMail(row.getObject(1, UUID.class), claim, row.getInt(2), row.getString(3)));
                }
            }
            return claimed;
        }
    }

    /** How many requests wait to be carried out, counted up to {@code most}. */
    public int requestsWaiting(Connection db, int most) throws SQLException {
        return (int) number(db, "SELECT mail_requests_waiting(?)", most);
    }

    /**
     * Records a mail as handed over ({@code sent}) or written to the log ({@code logged}) and redacts it;
     * false when the claim was lost.
     */
    public boolean settle(Connection db, ClaimedMail mail, String status) throws SQLException {
        return mark(db, "SELECT mail_settle(?, ?, ?)", mail, status);
    }

    /** Counts a failed attempt: the row waits {@code wait}, or is given up as {@code failed} and redacted. */
    public boolean retryLater(Connection db, ClaimedMail mail, Duration wait, boolean giveUp, String error)
            throws SQLException {
        return mark(db, "SELECT mail_retry(?, ?, ?, ?, ?)", mail, wait.toMillis() / 1000.0, giveUp, error);
    }

    /** Hands a row back untried, without counting an attempt, when the batch ran out of lease. */
    public boolean release(Connection db, ClaimedMail mail) throws SQLException {
        return mark(db, "SELECT mail_release(?, ?)", mail);
    }

    /** Due mail nobody may send (production without SMTP): how much is waiting. */
    public int countDue(Connection db) throws SQLException {
        return (int) number(db, "SELECT mail_due_count()");
    }

    /** Settled rows older than {@code days} (at least 30) are forgotten; answers how many. */
    public long forget(Connection db, int days) throws SQLException {
        return number(db, "SELECT mail_forget(?)", days);
    }

    /** Calls one of the outbox's functions that answer a number. */
    private static long number(Connection db, String call, Object... parameters) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(call)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static boolean mark(Connection db, String call, ClaimedMail mail, Object... more) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(call)) {
            update.setObject(1, mail.id());
            update.setObject(2, mail.claim());
            for (int i = 0; i < more.length; i++) {
                update.setObject(i + 3, more[i]);
            }
            try (ResultSet row = update.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
