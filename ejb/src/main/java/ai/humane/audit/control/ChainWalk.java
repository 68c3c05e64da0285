package ai.humane.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * Walks one stretch of a tenant's chain in seq order, a batch at a time (never the whole log in
 * memory), recomputing each event's hash and checking that it links to the event before it. Shared by
 * verification and by retention, which refuses to delete a stretch that does not verify.
 */
final class ChainWalk {

    static final int BATCH = 500;

    private static final String EVENTS = """
            SELECT seq, actor_type, actor_id, action, resource_type, resource_id, before::text, after::text,
                   client_ip, created_at, prev_hash, hash
            FROM admin_audit_events WHERE tenant_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?""";

    /** Where a walk stopped: events examined, the first bad seq (or null) and the hash it ended on. */
    record Outcome(long checked, Long firstBadSeq, byte[] lastHash) {

        ChainVerification verification() {
            return firstBadSeq == null ? ChainVerification.intact(checked) : ChainVerification.brokenAt(firstBadSeq, checked);
        }
    }

    private ChainWalk() {
    }

    /** Checks the events after {@code fromSeq} up to {@code toSeq}, the first of which must link to {@code fromHash}. */
    static Outcome walk(Connection c, UUID tenant, long fromSeq, byte[] fromHash, long toSeq) throws SQLException {
        long expected = fromSeq + 1;
        byte[] previous = fromHash;
        long checked = 0;
        try (PreparedStatement query = c.prepareStatement(EVENTS)) {
            while (expected <= toSeq) {
                long before = expected;
                try (ResultSet row = batch(query, tenant, expected - 1, toSeq)) {
                    while (row.next()) {
                        checked++;
                        long seq = row.getLong("seq");
                        if (seq != expected || !intact(row, tenant, previous)) {
                            return new Outcome(checked, Math.min(seq, expected), previous);
                        }
                        previous = row.getBytes("hash");
                        expected++;
                    }
                }
                if (expected == before) {
                    break;
                }
            }
        }
        return expected <= toSeq ? new Outcome(checked, expected, previous) : new Outcome(checked, null, previous);
    }

    private static ResultSet batch(PreparedStatement query, UUID tenant, long afterSeq, long toSeq) throws SQLException {
        query.setObject(1, tenant);
        query.setLong(2, afterSeq);
        query.setLong(3, toSeq);
        query.setInt(4, BATCH);
        return query.executeQuery();
    }

    /** Linked to its predecessor, and hashed over exactly what is stored now (an impossible actor is tampering too). */
    private static boolean intact(ResultSet row, UUID tenant, byte[] previous) throws SQLException {
        byte[] prevHash = row.getBytes("prev_hash");
        if (!Arrays.equals(prevHash, previous)) {
            return false;
        }
        AuditActor actor;
        try {
            actor = new AuditActor(row.getString("actor_type"), row.getObject("actor_id", UUID.class));
        } catch (IllegalArgumentException e) {
            return false;
        }
        ChainLink link = new ChainLink(tenant, row.getLong("seq"), actor, row.getString("action"), row.getString("resource_type"), row.getString("resource_id"),
                row.getString("before"), row.getString("after"), row.getString("client_ip"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(), prevHash);
        return Arrays.equals(link.digest(), row.getBytes("hash"));
    }
}
