package ai.humane.mail.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Counters of what is sent, in PostgreSQL ({@code send_budgets}, V11.1): one UPSERT per spend through an
 * owner-run function, in the caller's transaction, so every instance shares one count, concurrent spends
 * are counted exactly (the row lock orders them) and a rolled-back request spends nothing.
 */
public class SendBudgets {

    /** Whether a send fits its budget and, when it does not, how long until the window ends. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {

        public static final Verdict ALLOWED = new Verdict(true, 0);
    }

    /** Spends one unit of the budget {@code key} ({@link SendKeys}); allowed while at most {@code ceiling} were spent in its window. */
    public Verdict spend(Connection db, byte[] key, int ceiling, Duration window) throws SQLException {
        try (PreparedStatement spend = db.prepareStatement("SELECT spent, seconds_left FROM send_budget_spend(?, ?)")) {
            spend.setBytes(1, key);
            spend.setInt(2, Math.toIntExact(window.toSeconds()));
            try (ResultSet row = spend.executeQuery()) {
                row.next();
                return row.getInt(1) <= ceiling ? Verdict.ALLOWED : new Verdict(false, row.getLong(2));
            }
        }
    }

    /** Drops budgets whose window has ended; answers how many. */
    public long purge(Connection db) throws SQLException {
        try (PreparedStatement purge = db.prepareStatement("SELECT send_budgets_purge()"); ResultSet row = purge.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
