package ai.humane.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * The tamper-evident log of one tenant (L1), on the caller's connection and inside its transaction, which
 * must already be in the tenant's row-level security scope. The database keeps the chain, not this class:
 * a trigger gives every inserted event its seq, time, previous hash and keyed hash (whatever the insert
 * supplied) and locks the tenant's chain head until the transaction ends, so concurrent writers of one
 * tenant queue there; verification is a function of the database too, since only it can read the key
 * (migration V10). This class only says what happened and reads the answers.
 */
public final class AuditChain {

    private static final String APPEND = """
            INSERT INTO admin_audit_events (tenant_id, actor_type, actor_id, action, resource_type, resource_id,
                                            before, after, client_ip)
            VALUES (humane_current_tenant(), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)
            RETURNING seq""";
    private static final String VERIFY = "SELECT valid, events_checked, first_bad_seq FROM audit_verify()";
    private static final String HEAD = "SELECT seq, hash FROM audit_head()";
    private static final String HOLDS = "SELECT valid, matches FROM audit_checkpoint_holds(?, ?)";
    /**
     * The advisory lock class of a verification: one at a time per tenant across every instance, held to the end
     * of its transaction. A walk of the whole chain takes a backend for as long as the log is long; the rate limit
     * bounds how often one starts, this how many run at once.
     */
    public static final int VERIFYING = 7001;
    private static final String VERIFY_ALONE =
            "SELECT pg_try_advisory_xact_lock(" + VERIFYING + ", hashtext(humane_current_tenant()::text))";
    /** The SQLSTATE the functions of V10 raise when no tenant is in scope. */
    private static final String OUTSIDE_SCOPE = "HT001";

    /** Appends the event to the chain of the tenant in scope and answers the seq the database gave it. */
    public long append(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(APPEND)) {
            insert.setString(1, entry.actor().type());
            if (entry.actor().id() == null) {
                insert.setNull(2, Types.OTHER);
            } else {
                insert.setObject(2, entry.actor().id());
            }
            insert.setString(3, entry.action());
            insert.setString(4, entry.resourceType());
            insert.setString(5, entry.resourceId());
            insert.setString(6, entry.before());
            insert.setString(7, entry.after());
            insert.setString(8, entry.clientIp());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw outsideScope(e);
        }
    }

    /**
     * Walks the chain of the tenant in scope from its retention anchor to its head; empty when another verification
     * of that chain is running (the caller's transaction must end soon after: it holds the tenant's turn).
     */
    public Optional<ChainVerification> verify(Connection c) throws SQLException {
        if (!ourTurn(c)) {
            return Optional.empty();
        }
        try (PreparedStatement query = c.prepareStatement(VERIFY); ResultSet row = query.executeQuery()) {
            row.next();
            long firstBad = row.getLong(3);
            Long firstBadSeq = row.wasNull() ? null : firstBad;
            return Optional.of(new ChainVerification(row.getBoolean(1), row.getLong(2), firstBadSeq));
        } catch (SQLException e) {
            throw outsideScope(e);
        }
    }

    /** The head of the chain of the tenant in scope: seq 0 and 32 zero bytes before its first event. */
    public ChainHead head(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(HEAD); ResultSet row = query.executeQuery()) {
            row.next();
            return new ChainHead(row.getLong(1), row.getBytes(2));
        } catch (SQLException e) {
            throw outsideScope(e);
        }
    }

    /**
     * Walks the chain of the tenant in scope from its retention anchor up to the checkpoint's seq and answers whether
     * it verifies and still has the checkpoint's hash there; empty when another verification of that chain is running
     * (the walk takes the same turn as {@link #verify}).
     */
    public Optional<CheckpointHeld> holds(Connection c, ChainHead checkpoint) throws SQLException {
        if (!ourTurn(c)) {
            return Optional.empty();
        }
        try (PreparedStatement query = c.prepareStatement(HOLDS)) {
            query.setLong(1, checkpoint.seq());
            query.setBytes(2, checkpoint.hash());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return Optional.of(new CheckpointHeld(checkpoint.seq(), row.getBoolean(1), row.getBoolean(2)));
            }
        } catch (SQLException e) {
            throw outsideScope(e);
        }
    }

    /** Takes the tenant's verification turn until the transaction ends; false while another walk holds it. */
    private static boolean ourTurn(Connection c) throws SQLException {
        try (PreparedStatement alone = c.prepareStatement(VERIFY_ALONE); ResultSet turn = alone.executeQuery()) {
            turn.next();
            // NULL without a tenant in scope: the functions called next refuse that.
            return turn.getBoolean(1) || turn.wasNull();
        } catch (SQLException e) {
            throw outsideScope(e);
        }
    }

    /** Without a tenant in scope the log is neither written nor read: a bug of the caller, not a database fault. */
    private static SQLException outsideScope(SQLException e) {
        if (OUTSIDE_SCOPE.equals(e.getSQLState())) {
            throw new IllegalStateException("The audit log is written and read only inside a tenant's scope", e);
        }
        return e;
    }
}
