package ai.humane.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Publishes the heads of the chains that moved since they were last published (L1): one JSON line per tenant,
 * {@code {"tenant","seq","hash","at"}} ({@code hash} in hex as the event list shows it, {@code at} the time of the
 * head event), for the caller to write where the database's owners cannot reach it (the application log, shipped
 * elsewhere). A page at a time, each its own transaction: the page's heads are marked published in the statement that
 * reads them, the lines are handed over, then the page commits, so a line is never lost to a failed commit (it is
 * written again next time instead). Any number of instances may run it at once: heads locked by a writer or by
 * another publisher are skipped (audit_publish_heads, V49), so no head is published twice for one move.
 */
public final class AuditAnchors {

    /** Heads per page (and per transaction). */
    public static final int PAGE = 500;
    /** Pages per run at most: a run publishes at most this many times {@link #PAGE} heads; the next run goes on. */
    public static final int MAX_PAGES = 200;

    private static final String PUBLISH = "SELECT tenant_id, seq, hash, at FROM audit_publish_heads(?)";

    /** Publishes every moved head, up to the bound, and answers how many lines were written. */
    public long publish(Connection db, Consumer<String> line) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            long published = 0;
            for (int page = 0; page < MAX_PAGES; page++) {
                int lines = publishPage(db, line);
                db.commit();
                published += lines;
                if (lines < PAGE) {
                    break;
                }
            }
            return published;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    private static int publishPage(Connection db, Consumer<String> line) throws SQLException {
        int lines = 0;
        try (PreparedStatement query = db.prepareStatement(PUBLISH)) {
            query.setInt(1, PAGE);
            try (ResultSet head = query.executeQuery()) {
                while (head.next()) {
                    line.accept(lineOf(head.getObject(1, UUID.class), head.getLong(2), head.getBytes(3), head.getTimestamp(4)));
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Every value is a UUID, a number, hex or an ISO instant: nothing to escape. */
    static String lineOf(UUID tenant, long seq, byte[] hash, Timestamp at) {
        return "{\"tenant\":\"" + tenant + "\",\"seq\":" + seq + ",\"hash\":\"" + HexFormat.of().formatHex(hash)
                + "\",\"at\":" + (at == null ? "null" : "\"" + at.toInstant() + "\"") + "}";
    }
}
