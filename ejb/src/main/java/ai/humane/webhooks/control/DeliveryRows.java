package ai.humane.webhooks.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
    // The claimed rows are updated through their keys (an array of the due ids), and their events and endpoints are
    // looked up a row at a time (LATERAL with OFFSET 0, which the planner cannot flatten into a join), whatever the
    // statistics say (docs/decisions.md, 2026-12-04 and 2026-12-05). Joined, the planner read every delivery of the
    // tenant to join it with the 64 due ones, history included: by a sequential scan and a hash join, or, when the
    // events' statistics predate the tenant's events, starting from the events and looking up a delivery for each
    // (5,068 deliveries read for a claim of 64 in DispatchTest); the UPDATE by key but the events joined, it read all
    // 5,000 of the tenant's events. They come back in due order, as the lanes send them. The claim leaves
    // first_attempt_at alone: it is the first try's, set when that try is recorded, so a delivery handed back untried
    // (breaker, full lane, half its lease gone) loses none of its 24 hours (until 2026-12-06 the first claim set it).
    // Each comes with its failed tries since then, the attempts of its schedule: a manual retry starts the schedule
    // afresh (first_attempt_at NULL again) and keeps the attempts before it, in the history and in the count.
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
                       updated_at = now()
                 WHERE d.id = ANY (ARRAY(SELECT id FROM due))
                RETURNING d.id, d.tenant_id, d.first_attempt_at, d.event_id, d.endpoint_id, d.next_attempt_at)
            SELECT c.id, c.tenant_id,
                   CASE WHEN c.first_attempt_at IS NOT NULL THEN (
                       SELECT count(*) FROM webhook_attempts a
                        WHERE a.tenant_id = c.tenant_id AND a.delivery_id = c.id
                          AND a.attempted_at >= c.first_attempt_at)
                   ELSE 0 END,
                   c.first_attempt_at, ev.id, ev.type, ev.payload::text, e.id, e.url,
                   e.secret, CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END,
                   e.previous_secret_until, e.generation
              FROM claimed c
             CROSS JOIN LATERAL (SELECT id, type, payload FROM webhook_events WHERE id = c.event_id OFFSET 0) ev
             CROSS JOIN LATERAL (SELECT id, url, secret, previous_secret, previous_secret_until, generation
                                   FROM webhook_endpoints WHERE id = c.endpoint_id OFFSET 0) e
             ORDER BY c.next_attempt_at""";

    // One statement, one round trip and one execution for every try of a batch: each delivery's mark (only while the
    // claim is still ours), its attempt row (only when the mark landed) and, for a success, the end of the endpoint's
    // failing spell (only when one is running: otherwise no row of the endpoint is written or locked, so the lanes of
    // one endpoint never queue behind each other on it; and only for a claim of the endpoint as it is now, V51: a
    // success at a URL the endpoint has left says nothing of the new one). The tries come as one array a column, taken
    // apart by unnest (instants as ISO-8601 text, so no time zone of the JVM comes in between). The marks find their
    // rows by key, as the claim does: joined to the tries alone, the planner sometimes read the whole table into a hash
    // join (5,192 rows read for 64 tries of 5,000 in DispatchTest). Before, each try was one execution of a one-try
    // statement (in a JDBC batch), and until #16's profile three statements. The attempt's id is made by PostgreSQL:
    // UUID.randomUUID() shares one SecureRandom lock, and 16 lanes waited on it (JFR of bench/webhooks). Answers the
    // ids of the deliveries whose marks landed.
    private static final String RECORD = """
            WITH try AS (
                SELECT * FROM unnest(?::text[], ?::int[], ?::text[]::timestamptz[], ?::uuid[], ?::uuid[], ?::boolean[],
                                     ?::text[]::timestamptz[], ?::int[], ?::text[], ?::text[], ?::bigint[])
                    AS t (status, status_code, next_attempt_at, id, claim_id, recovered, attempted_at, latency_ms,
                          error, excerpt, generation)),
            settled AS (
                UPDATE webhook_deliveries d
                   SET status = t.status, attempts = d.attempts + 1, last_status_code = t.status_code,
                       first_attempt_at = coalesce(d.first_attempt_at, t.attempted_at),
                       next_attempt_at = t.next_attempt_at, claim_id = NULL, claimed_until = NULL, updated_at = now()
                  FROM try t
                 WHERE d.id = ANY (ARRAY(SELECT id FROM try)) AND d.id = t.id AND d.claim_id = t.claim_id
                RETURNING d.id, d.tenant_id, d.endpoint_id, t.recovered, t.attempted_at, t.status_code, t.latency_ms,
                          t.error, t.excerpt, t.generation),
            recovered AS (
                UPDATE webhook_endpoints e SET failing_since = NULL FROM settled s
                 WHERE s.recovered AND e.id = s.endpoint_id AND e.failing_since IS NOT NULL
                   AND s.generation >= e.spell_generation),
            attempt AS (
                INSERT INTO webhook_attempts (id, tenant_id, delivery_id, attempted_at, status_code, latency_ms, error,
                                              response_excerpt)
                SELECT gen_random_uuid(), tenant_id, id, attempted_at, status_code, latency_ms, error, excerpt
                  FROM settled)
            SELECT id FROM settled""";

    // When the tenant's tries were last recorded (V58, the status page's measure of the dispatcher's lateness): its one
    // row, written at most every 5 seconds. Its own short transaction, after the marks' commit (Dispatch), so that the
    // row is never held while other rows are waited for.
    private static final String TRIED = """
            INSERT INTO webhook_tenant_tries AS w (tenant_id, tried_at) VALUES (?, now())
                ON CONFLICT (tenant_id) DO UPDATE SET tried_at = excluded.tried_at
                 WHERE w.tried_at < excluded.tried_at - interval '5 seconds'""";

    private static final String RELEASE = """
            UPDATE webhook_deliveries SET status = 'pending', claim_id = NULL, claimed_until = NULL, updated_at = now()
             WHERE id = ? AND claim_id = ?""";

    // The scoped tenant's disabled endpoints, read FOR SHARE (an enabling waits for this to commit) and their due
    // deliveries locked as a claim would lock them, both SKIP LOCKED: the sweep waits for nobody (Dispatch.holdStrays).
    private static final String HOLD_STRAYS = """
            WITH disabled AS MATERIALIZED (
                SELECT id FROM webhook_endpoints WHERE NOT enabled FOR SHARE SKIP LOCKED),
            stray AS MATERIALIZED (
                SELECT d.id FROM webhook_deliveries d
                 WHERE d.endpoint_id = ANY (ARRAY(SELECT id FROM disabled))
                   AND (d.status = 'pending' OR (d.status = 'sending' AND d.claimed_until <= now()))
                   FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries SET status = 'held', claim_id = NULL, claimed_until = NULL, updated_at = now()
             WHERE id = ANY (ARRAY(SELECT id FROM stray))""";

    // The other way round (V50): held deliveries of an endpoint enabled since, which a hand-back or a record that read
    // it disabled held after the enabling had put its held deliveries back. Due as they were; the endpoint's share
    // lock makes a disabling under way wait for the sweep (and its trigger then holds them again).
    private static final String PUT_BACK_STRAYS = """
            WITH enabled AS MATERIALIZED (
                SELECT id FROM webhook_endpoints WHERE enabled FOR SHARE SKIP LOCKED),
            stray AS MATERIALIZED (
                SELECT d.id FROM webhook_deliveries d
                 WHERE d.endpoint_id = ANY (ARRAY(SELECT id FROM enabled)) AND d.status = 'held'
                   FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries SET status = 'pending', updated_at = now()
             WHERE id = ANY (ARRAY(SELECT id FROM stray))""";

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
     * Records each try and moves its delivery on, ending the endpoint's failing spell when the mark says
     * {@code recovered} and its claim read the endpoint as it is now (V51), all in one statement (one round trip, one
     * execution); answers, per mark, whether it landed (false, and nothing written, when the claim was lost to
     * another sender).
     */
    public boolean[] record(Connection db, List<Mark> marks) throws SQLException {
        int n = marks.size();
        String[] status = new String[n];
        Integer[] code = new Integer[n];
        String[] next = new String[n];
        UUID[] id = new UUID[n];
        UUID[] claim = new UUID[n];
        Boolean[] recovered = new Boolean[n];
        String[] attempted = new String[n];
        Integer[] latency = new Integer[n];
        String[] error = new String[n];
        String[] excerpt = new String[n];
        Long[] generation = new Long[n];
        for (int i = 0; i < n; i++) {
            Mark mark = marks.get(i);
            Outcome outcome = mark.outcome();
            status[i] = mark.status();
            code[i] = outcome.statusCode();
            next[i] = mark.next().toString();
            id[i] = mark.delivery().id();
            claim[i] = mark.delivery().claim();
            recovered[i] = mark.recovered();
            attempted[i] = outcome.attemptedAt().toString();
            latency[i] = (int) Math.min(Integer.MAX_VALUE, outcome.latency().toMillis());
            error[i] = outcome.error();
            excerpt[i] = outcome.excerpt();
            generation[i] = mark.delivery().generation();
        }
        try (PreparedStatement record = db.prepareStatement(RECORD)) {
            record.setArray(1, db.createArrayOf("text", status));
            record.setArray(2, db.createArrayOf("int4", code));
            record.setArray(3, db.createArrayOf("text", next));
            record.setArray(4, db.createArrayOf("uuid", id));
            record.setArray(5, db.createArrayOf("uuid", claim));
            record.setArray(6, db.createArrayOf("bool", recovered));
            record.setArray(7, db.createArrayOf("text", attempted));
            record.setArray(8, db.createArrayOf("int4", latency));
            record.setArray(9, db.createArrayOf("text", error));
            record.setArray(10, db.createArrayOf("text", excerpt));
            record.setArray(11, db.createArrayOf("int8", generation));
            Set<UUID> settled = new HashSet<>();
            try (ResultSet row = record.executeQuery()) {
                while (row.next()) {
                    settled.add(row.getObject(1, UUID.class));
                }
            }
            boolean[] landed = new boolean[n];
            for (int i = 0; i < n; i++) {
                landed[i] = settled.contains(id[i]);
            }
            return landed;
        }
    }

    /**
     * Says that the scoped tenant's tries were recorded now, unless its row says so of the last 5 seconds; answers
     * whether the row was written.
     */
    public boolean tried(Connection db, UUID tenant) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement(TRIED)) {
            upsert.setObject(1, tenant);
            return upsert.executeUpdate() == 1;
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

    /**
     * Holds the due deliveries of the scoped tenant's disabled endpoints, and puts back those held under its enabled ones
     * (V50); answers how many moved either way.
     */
    public int holdStrays(Connection db) throws SQLException {
        int moved;
        try (PreparedStatement update = db.prepareStatement(HOLD_STRAYS)) {
            moved = update.executeUpdate();
        }
        try (PreparedStatement update = db.prepareStatement(PUT_BACK_STRAYS)) {
            return moved + update.executeUpdate();
        }
    }

    private static ClaimedDelivery claimed(ResultSet row, UUID claim) throws SQLException {
        List<String> secrets = new ArrayList<>(List.of(row.getString(10)));
        if (row.getString(11) != null) {
            secrets.add(row.getString(11));
        }
        Timestamp firstAttempt = row.getTimestamp(4);
        Timestamp previousUntil = secrets.size() > 1 ? row.getTimestamp(12) : null;
        return new ClaimedDelivery(row.getObject(1, UUID.class), claim, row.getObject(2, UUID.class), row.getInt(3),
                firstAttempt == null ? null : firstAttempt.toInstant(), row.getObject(5, UUID.class), row.getString(6),
                row.getString(7),
                row.getObject(8, UUID.class), row.getString(9), List.copyOf(secrets),
                previousUntil == null ? null : previousUntil.toInstant(), row.getLong(13));
    }
}
