package ai.humane.audit.control;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * The places for exports of a tenant's audit log (L1, O6), rows of {@code audit_export_places} (V52) shared by every
 * instance: at most {@link #PER_TENANT} of a tenant's exports read its log at once across the cluster. A place is
 * leased for {@link #LEASE} to a holder (a random id of one export); the holding instance renews it every
 * {@link #RENEWAL} and with each batch it reads, so an instance that dies holds its places for at most the lease.
 * Each batch renews its own place first, in the batch's transaction, and holds the row until that transaction ends;
 * takers and renewals skip a row a transaction holds, so nothing waits on a batch being read. On the caller's
 * connection and inside its transaction, which must be in the tenant's row-level security scope.
 */
public final class ExportPlaces {

    /** Exports of one tenant's log that may read it at once, on every instance together. */
    public static final int PER_TENANT = 2;
    /** How long a place stays its holder's without a renewal: the longest a dead instance keeps one. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How often the holding instance renews its places (the timer of {@code AuditExportPlaces} says it too). */
    public static final Duration RENEWAL = Duration.ofSeconds(10);

    private static final String TAKE = "SELECT audit_export_place_take(?, ?, make_interval(secs => ?))";
    /**
     * Renews the holder's place and holds its row to the end of the transaction. A batch's transaction is never idle
     * for long (it reads and commits), so one idle for longer than {@link #idleBatch} is an instance that went away in
     * the middle of it: PostgreSQL ends it, and its lock with it, instead of waiting for TCP to notice.
     */
    private static final String KEEP = """
            WITH kept AS (UPDATE audit_export_places SET held_until = clock_timestamp() + make_interval(secs => ?)
                          WHERE holder = ? RETURNING place)
            SELECT (SELECT count(*) FROM kept), set_config('idle_in_transaction_session_timeout', ?, true)""";
    private static final String RENEW = """
            UPDATE audit_export_places p SET held_until = clock_timestamp() + make_interval(secs => ?)
            FROM (SELECT tenant_id, place FROM audit_export_places WHERE holder = ANY (?) FOR NO KEY UPDATE SKIP LOCKED) held
            WHERE p.tenant_id = held.tenant_id AND p.place = held.place""";
    private static final String GIVE_BACK = "DELETE FROM audit_export_places WHERE holder = ?";

    /** How long a batch's transaction may stay idle before PostgreSQL ends it, and the session with it. */
    private final Duration idleBatch;

    /** Places whose batch transactions are ended after {@link #LEASE} idle, as long as a place lasts unrenewed. */
    public ExportPlaces() {
        this(LEASE);
    }

    /** Places whose batch transactions are ended after {@code idleBatch} idle (a test's, which cannot wait a lease). */
    ExportPlaces(Duration idleBatch) {
        this.idleBatch = idleBatch;
    }

    /** Takes a free place of the tenant in scope for {@code holder}; false when all are held. */
    public boolean take(Connection c, UUID holder) throws SQLException {
        try (PreparedStatement take = c.prepareStatement(TAKE)) {
            take.setObject(1, holder);
            take.setInt(2, PER_TENANT);
            take.setLong(3, LEASE.toSeconds());
            try (ResultSet taken = take.executeQuery()) {
                taken.next();
                return taken.getBoolean(1);
            }
        }
    }

    /**
     * Renews {@code holder}'s place before a batch is read in the same transaction, and holds it until that ends;
     * false when the place is no longer the holder's (its lease ran out and another export took it): the export
     * must read no more.
     */
    public boolean keep(Connection c, UUID holder) throws SQLException {
        try (PreparedStatement keep = c.prepareStatement(KEEP)) {
            keep.setLong(1, LEASE.toSeconds());
            keep.setObject(2, holder);
            keep.setString(3, idleBatch.toMillis() + "ms");
            try (ResultSet kept = keep.executeQuery()) {
                kept.next();
                return kept.getLong(1) == 1;
            }
        }
    }

    /** Renews the places of these holders (the instance's own), skipping any a batch is being read under. */
    public int renew(Connection c, Collection<UUID> holders) throws SQLException {
        Array ids = c.createArrayOf("uuid", holders.toArray());
        try (PreparedStatement renew = c.prepareStatement(RENEW)) {
            renew.setLong(1, LEASE.toSeconds());
            renew.setArray(2, ids);
            return renew.executeUpdate();
        } finally {
            ids.free();
        }
    }

    /** Gives {@code holder}'s place back at once. */
    public void giveBack(Connection c, UUID holder) throws SQLException {
        try (PreparedStatement giveBack = c.prepareStatement(GIVE_BACK)) {
            giveBack.setObject(1, holder);
            giveBack.executeUpdate();
        }
    }
}
