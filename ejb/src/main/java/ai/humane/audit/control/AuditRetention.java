package ai.humane.audit.control;

import ai.humane.tenancy.control.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes events older than 24 months (L1; the cutoff is {@code audit_retention_cutoff()} in the
 * schema) without breaking verification: the oldest events go as a prefix of the chain, and the hash of
 * the newest one deleted becomes the tenant's anchor, from which verification starts. A prefix that does
 * not verify is left in place: retention never erases the evidence of tampering.
 * <p>
 * It runs as the runtime role without a caller, so it cannot see any tenant's rows until it enters a
 * tenant's scope: it asks the one {@code SECURITY DEFINER} function which tenants have expired events,
 * then works through them one transaction each, under that tenant's row-level security.
 */
public final class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());
    private static final String KEPT_FROM = """
            SELECT min(seq) FROM admin_audit_events WHERE tenant_id = ? AND created_at >= audit_retention_cutoff()""";

    /** Purges every tenant with expired events, committing per tenant; answers how many events went. */
    public long purgeAll(Connection c) throws SQLException {
        List<UUID> tenants = tenantsWithExpiredEvents(c);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long removed = 0;
        try {
            for (UUID tenant : tenants) {
                removed += purgeCommitted(c, tenant);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return removed;
    }

    /** In the caller's transaction: enters the tenant's scope and deletes its expired prefix. */
    public long purge(Connection c, UUID tenant) throws SQLException {
        TenantScope.enter(c, tenant);
        ChainHead.holdOffVerification(c, tenant);
        ChainHead head = ChainHead.lock(c, tenant);
        long upTo = lastExpiredSeq(c, tenant, head);
        if (upTo <= head.anchorSeq()) {
            return 0;
        }
        ChainWalk.Outcome walked = ChainWalk.walk(c, tenant, head.anchorSeq(), head.anchorHash(), upTo);
        if (walked.firstBadSeq() != null) {
            LOG.severe("Audit retention left tenant " + tenant + " untouched: its chain breaks at seq " + walked.firstBadSeq());
            return 0;
        }
        long removed;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq <= ?")) {
            delete.setObject(1, tenant);
            delete.setLong(2, upTo);
            removed = delete.executeUpdate();
        }
        ChainHead.anchor(c, tenant, upTo, walked.lastHash());
        return removed;
    }

    private long purgeCommitted(Connection c, UUID tenant) throws SQLException {
        try {
            long removed = purge(c, tenant);
            c.commit();
            return removed;
        } catch (SQLException e) {
            c.rollback();
            LOG.log(Level.WARNING, "Audit retention failed for tenant " + tenant + "; the next run tries again", e);
            return 0;
        }
    }

    /** The end of the expired prefix: the event before the oldest one still kept, or the head when all expired. */
    private static long lastExpiredSeq(Connection c, UUID tenant, ChainHead head) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(KEPT_FROM)) {
            query.setObject(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long keptFrom = row.getLong(1);
                return row.wasNull() ? head.lastSeq() : keptFrom - 1;
            }
        }
    }

    static List<UUID> tenantsWithExpiredEvents(Connection c) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT audit_tenants_with_expired_events()");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tenants.add(rows.getObject(1, UUID.class));
            }
        }
        return tenants;
    }
}
