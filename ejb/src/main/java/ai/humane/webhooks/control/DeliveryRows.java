package ai.humane.webhooks.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of the dispatcher, on a connection whose transaction is already in one tenant's scope. Each
 * call is its own short transaction, so no row lock is held while a receiver is talking; marks land only
 * while the claim is still the row's own, so a sender whose lease ran out cannot overwrite its successor.
 */
public class DeliveryRows {

    // The due rows are picked once, in a materialized CTE: as a subquery joined to the other tables the
    // planner may rescan it, and a rescanned LIMIT ... SKIP LOCKED picks further rows (seen in the tests).
    // SKIP LOCKED lets dispatchers on every instance take disjoint rows without waiting; the lease keeps a
    // claimed row from every other claim after this commits, and frees it again if its sender crashed.
    // The claimed rows are updated through their keys (an array of the due ids): joined to the CTE, the planner read
    // every delivery of the tenant, history included, to join it with the 64 due ones: by a sequential scan and a hash
    // join, or by a look-up per event of the tenant, as the statistics of the moment had it (5,000 deliveries: 5.5 ms
    // against 1.8 ms by the keys; 5,064 rows read for a claim of 64 in DispatchTest; docs/decisions.md).
    // They come back in due order, as the lanes send them (an UPDATE's RETURNING has the order of its plan).
    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT x.id FROM webhook_deliveries x
                  JOIN webhook_endpoints xe ON xe.id = x.endpoint_id AND xe.enabled
                 WHERE ((x.status = 'pending' AND x.next_attempt_at <= now())
                        OR (x.status = 'sending' AND x.claimed_until <= now()))
                   AND x.endpoint_id <> ALL (?)
                 ORDER BY x.next_attempt_at
                 LIMIT ?
                 FOR UPDATE OF x SKIP LOCKED),
            claimed AS (
                UPDATE webhook_deliveries d
                   SET status = 'sending', claim_id = ?, claimed_until = now() + make_interval(secs => ?),
                       first_attempt_at = coalesce(d.first_attempt_at, now()), updated_at = now()
                  FROM webhook_endpoints e, webhook_events ev
                 WHERE d.id = ANY (ARRAY(SELECT id FROM due)) AND e.id = d.endpoint_id AND ev.id = d.event_id
                RETURNING d.id, d.tenant_id, d.attempts, d.first_attempt_at, ev.id, ev.type, ev.payload::text,
                          e.id, e.url, e.secret,
                          CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END,
                          d.next_attempt_at AS due_at)
            SELECT * FROM claimed ORDER BY due_at""";

    // One statement, one round trip per try: the delivery's mark (only while the claim is still ours), the attempt
    // row beside it (only when the mark landed) and, for a success, the end of the endpoint's failing spell (only
    // when one is running: otherwise no row of the endpoint is written or locked, so the lanes of one endpoint never
    // queue behind each other on it). Three statements until #16's profile of the drain. The attempt's id is made by
    // PostgreSQL: UUID.randomUUID() shares one SecureRandom lock, and 16 lanes waited on it (JFR of bench/webhooks).
    private static final String RECORD = """
            WITH settled AS (
                UPDATE webhook_deliveries
                   SET status = ?, attempts = attempts + 1, last_status_code = ?, next_attempt_at = ?,
                       claim_id = NULL, claimed_until = NULL, updated_at = now()
                 WHERE id = ? AND claim_id = ?
                RETURNING id, tenant_id, endpoint_id),
            recovered AS (
                UPDATE webhook_endpoints e SET failing_since = NULL FROM settled
                 WHERE ? AND e.id = settled.endpoint_id AND e.failing_since IS NOT NULL)
            INSERT INTO webhook_attempts (id, tenant_id, delivery_id, attempted_at, status_code, latency_ms, error,
                                          response_excerpt)
            SELECT gen_random_uuid(), tenant_id, id, ?, ?, ?, ?, ? FROM settled""";

    private static final String RELEASE = """
            UPDATE webhook_deliveries SET status = 'pending', claim_id = NULL, claimed_until = NULL, updated_at = now()
             WHERE id = ? AND claim_id = ?""";

    /** Takes up to {@code limit} due deliveries of the scoped tenant, leased for {@code lease}. */
    public List<ClaimedDelivery> claim(Connection db, int limit, Duration lease) throws SQLException {
        return claim(db, limit, lease, Set.of());
    }

    /** Like {@link #claim(Connection, int, Duration)}, leaving the deliveries to {@code skipped} endpoints alone. */
    public List<ClaimedDelivery> claim(Connection db, int limit, Duration lease, Set<UUID> skipped) throws SQLException {
        UUID claim = UUID.randomUUID();
        try (PreparedStatement update = db.prepareStatement(CLAIM)) {
            update.setArray(1, db.createArrayOf("uuid", skipped.toArray()));
            update.setInt(2, limit);
            update.setObject(3, claim);
            update.setDouble(4, lease.toMillis() / 1000.0);
            List<ClaimedDelivery> claimed = new ArrayList<>();
            try (ResultSet row = update.executeQuery()) {
                while (row.next()) {
                    claimed.add(claimed(row, claim));
                }
            }
            return claimed;
        }
    }

    /** A try to record: the delivery's new status and next attempt, and whether it ends the endpoint's failing spell. */
    public record Mark(ClaimedDelivery delivery, Outcome outcome, String status, Instant next, boolean recovered) {
    }

    /**
     * Records one try and moves the delivery on, ending the endpoint's failing spell when {@code recovered}; false
     * (and nothing written) when the claim was lost to another sender.
     */
    public boolean record(Connection db, ClaimedDelivery delivery, Outcome outcome, String status, Instant next,
                          boolean recovered) throws SQLException {
        return record(db, List.of(new Mark(delivery, outcome, status, next, recovered)))[0];
    }

    /**
     * Records each try as {@link #record(Connection, ClaimedDelivery, Outcome, String, Instant, boolean)} does, the
     * statements sent together as one JDBC batch (one round trip); answers, per mark, whether it landed.
     */
    public boolean[] record(Connection db, List<Mark> marks) throws SQLException {
        try (PreparedStatement record = db.prepareStatement(RECORD)) {
            for (Mark mark : marks) {
                Outcome outcome = mark.outcome();
                record.setString(1, mark.status());
                record.setObject(2, outcome.statusCode());
                record.setTimestamp(3, Timestamp.from(mark.next()));
                record.setObject(4, mark.delivery().id());
                record.setObject(5, mark.delivery().claim());
                record.setBoolean(6, mark.recovered());
                record.setTimestamp(7, Timestamp.from(outcome.attemptedAt()));
                record.setObject(8, outcome.statusCode());
                record.setInt(9, (int) Math.min(Integer.MAX_VALUE, outcome.latency().toMillis()));
                record.setString(10, outcome.error());
                record.setString(11, outcome.excerpt());
                record.addBatch();
            }
            int[] counts = record.executeBatch();
            boolean[] landed = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                landed[i] = counts[i] == 1;
            }
            return landed;
        }
    }

    /** Hands a delivery back untried, without counting an attempt, when the batch ran short of lease. */
    public boolean release(Connection db, ClaimedDelivery delivery) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(RELEASE)) {
            update.setObject(1, delivery.id());
            update.setObject(2, delivery.claim());
            return update.executeUpdate() == 1;
        }
    }

    private static ClaimedDelivery claimed(ResultSet row, UUID claim) throws SQLException {
        List<String> secrets = new ArrayList<>(List.of(row.getString(10)));
        if (row.getString(11) != null) {
            secrets.add(row.getString(11));
        }
        return new ClaimedDelivery(row.getObject(1, UUID.class), claim, row.getObject(2, UUID.class), row.getInt(3),
                row.getTimestamp(4).toInstant(), row.getObject(5, UUID.class), row.getString(6), row.getString(7),
                row.getObject(8, UUID.class), row.getString(9), List.copyOf(secrets));
    }
}
