package ai.humane.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A tenant's row in {@code admin_audit_chains}: the newest event (seq and hash) and the retention
 * anchor (seq and hash of the newest event deleted by retention, 0 and 32 zero bytes before any).
 */
record ChainHead(long lastSeq, byte[] lastHash, long anchorSeq, byte[] anchorHash) {

    private static final String COLUMNS = "SELECT last_seq, last_hash, anchor_seq, anchor_hash FROM admin_audit_chains WHERE tenant_id = ?";
    /** Verification and retention of one tenant exclude each other; appends are not held up by either. */
    private static final String RETENTION_LOCK = "(hashtext('admin_audit_retention'), hashtext(CAST(? AS text)))";

    /** Creates the row on the tenant's first event and locks it until the transaction ends. */
    static ChainHead lock(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "INSERT INTO admin_audit_chains (tenant_id) VALUES (?) ON CONFLICT (tenant_id) DO NOTHING")) {
            create.setObject(1, tenant);
            create.executeUpdate();
        }
        return query(c, COLUMNS + " FOR UPDATE", tenant);
    }

    /** The row as last committed, without locking; null when the tenant has never recorded an event. */
    static ChainHead read(Connection c, UUID tenant) throws SQLException {
        return query(c, COLUMNS, tenant);
    }

    static void advance(Connection c, UUID tenant, long seq, byte[] hash) throws SQLException {
        update(c, "UPDATE admin_audit_chains SET last_seq = ?, last_hash = ? WHERE tenant_id = ?", tenant, seq, hash);
    }

    static void anchor(Connection c, UUID tenant, long seq, byte[] hash) throws SQLException {
        update(c, "UPDATE admin_audit_chains SET anchor_seq = ?, anchor_hash = ? WHERE tenant_id = ?", tenant, seq, hash);
    }

    /** Shared: any number of verifications at once, but retention waits until they end. */
    static void holdOffRetention(Connection c, UUID tenant) throws SQLException {
        lock(c, "SELECT pg_advisory_xact_lock_shared" + RETENTION_LOCK, tenant);
    }

    /** Exclusive: waits for running verifications, and holds new ones off until retention commits. */
    static void holdOffVerification(Connection c, UUID tenant) throws SQLException {
        lock(c, "SELECT pg_advisory_xact_lock" + RETENTION_LOCK, tenant);
    }

    private static ChainHead query(Connection c, String sql, UUID tenant) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new ChainHead(row.getLong(1), row.getBytes(2), row.getLong(3), row.getBytes(4)) : null;
            }
        }
    }

    private static void update(Connection c, String sql, UUID tenant, long seq, byte[] hash) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setLong(1, seq);
            update.setBytes(2, hash);
            update.setObject(3, tenant);
            update.executeUpdate();
        }
    }

    private static void lock(Connection c, String sql, UUID tenant) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(sql)) {
            lock.setString(1, tenant.toString());
            lock.executeQuery().close();
        }
    }
}
