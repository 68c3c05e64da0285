package ai.humane.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The tamper-evident log of one tenant (L1), on the caller's connection and inside its transaction,
 * which must already be in the tenant's row-level security scope: the tenant is read from that scope,
 * never taken as an argument. Appending locks the tenant's chain head row ({@code FOR UPDATE}), so
 * concurrent writers of one tenant queue there and each gets the next seq and the previous hash;
 * writers of different tenants do not wait for each other.
 */
public final class AuditChain {

    private static final String SCOPE = """
            SELECT humane_current_tenant(), audit_redact(CAST(? AS jsonb))::text, audit_redact(CAST(? AS jsonb))::text""";
    private static final String INSERT = """
            INSERT INTO admin_audit_events (id, tenant_id, seq, actor_type, actor_id, action, resource_type, resource_id,
                                            before, after, client_ip, created_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)""";

    private final Clock clock;

    public AuditChain() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps events (tests record events in the past). */
    public AuditChain(Clock clock) {
        this.clock = clock;
    }

    /** Appends the event and answers its seq. */
    public long append(Connection c, AuditEntry entry) throws SQLException {
        ChainLink link;
        try (PreparedStatement scope = c.prepareStatement(SCOPE)) {
            scope.setString(1, entry.before());
            scope.setString(2, entry.after());
            try (ResultSet row = scope.executeQuery()) {
                row.next();
                UUID tenant = requireTenant(row.getObject(1, UUID.class));
                ChainHead head = ChainHead.lock(c, tenant);
                link = new ChainLink(tenant, head.lastSeq() + 1, entry.actor(), entry.action(), entry.resourceType(),
                        entry.resourceId(), row.getString(2), row.getString(3), entry.clientIp(), now(), head.lastHash());
            }
        }
        byte[] hash = link.digest();
        insert(c, link, hash);
        ChainHead.advance(c, link.tenantId(), link.seq(), hash);
        return link.seq();
    }

    /** Walks the chain of the tenant in scope from its retention anchor to its head. */
    public ChainVerification verify(Connection c) throws SQLException {
        UUID tenant = requireTenant(currentTenant(c));
        ChainHead.holdOffRetention(c, tenant);
        ChainHead head = ChainHead.read(c, tenant);
        if (head == null) {
            Long orphan = firstSeq(c, tenant);
            return orphan == null ? ChainVerification.intact(0) : ChainVerification.brokenAt(orphan, 0);
        }
        ChainWalk.Outcome walked = ChainWalk.walk(c, tenant, head.anchorSeq(), head.anchorHash(), head.lastSeq());
        if (walked.firstBadSeq() == null && !java.util.Arrays.equals(walked.lastHash(), head.lastHash())) {
            return ChainVerification.brokenAt(head.lastSeq(), walked.checked());
        }
        return walked.verification();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static UUID currentTenant(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT humane_current_tenant()");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getObject(1, UUID.class);
        }
    }

    private static UUID requireTenant(UUID tenant) {
        if (tenant == null) {
            throw new IllegalStateException("The audit log is written and read only inside a tenant's scope");
        }
        return tenant;
    }

    private static Long firstSeq(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT min(seq) FROM admin_audit_events WHERE tenant_id = ?")) {
            query.setObject(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long seq = row.getLong(1);
                return row.wasNull() ? null : seq;
            }
        }
    }

    private static void insert(Connection c, ChainLink link, byte[] hash) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, link.tenantId());
            insert.setLong(3, link.seq());
            insert.setString(4, link.actor().type());
            if (link.actor().id() == null) {
                insert.setNull(5, Types.OTHER);
            } else {
                insert.setObject(5, link.actor().id());
            }
            insert.setString(6, link.action());
            insert.setString(7, link.resourceType());
            insert.setString(8, link.resourceId());
            insert.setString(9, link.before());
            insert.setString(10, link.after());
            insert.setString(11, link.clientIp());
            insert.setObject(12, OffsetDateTime.ofInstant(link.createdAt(), ZoneOffset.UTC));
            insert.setBytes(13, link.prevHash());
            insert.setBytes(14, hash);
            insert.executeUpdate();
        }
    }
}
