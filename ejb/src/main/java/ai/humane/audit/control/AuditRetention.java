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
 * Deletes events older than 24 months (L1) without breaking verification. The work is the database's
 * {@code audit_apply_retention()} (migration V10): the only way events are ever deleted, it removes the
 * expired prefix of the chain of the tenant in scope, moves the anchor to the newest event it removed, leaves
 * a prefix that does not verify in place as evidence, and removes a closed tenant with its last event.
 * <p>
 * It runs as the runtime role without a caller, so it sees no tenant until it enters one: it asks the one
 * {@code SECURITY DEFINER} function which tenants have expired events, then works through them one
 * transaction each.
 */
public final class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

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
        try (PreparedStatement purge = c.prepareStatement("SELECT audit_apply_retention()");
             ResultSet removed = purge.executeQuery()) {
            removed.next();
            return removed.getLong(1);
        }
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
