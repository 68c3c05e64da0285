package ai.humane.privacy.control;

import ai.humane.paging.control.Listing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of {@code privacy_jobs}, on the caller's connection in the tenant's scope. Jobs are claimed like
 * webhook deliveries: FOR UPDATE SKIP LOCKED and a lease, so instances never run one job at once; a job whose
 * instance died comes back when its lease ends.
 */
public final class PrivacyJobs {

    public static final Duration LEASE = Duration.ofMinutes(30);
    static final int TRIES = 3;

    private static final String COLUMNS = "id, kind, scope, status, counts::text, archive_bytes, error, created_at,"
            + " finished_at, expires_at";
    /** An archive that a link can still download: a finished export's, not yet expired. */
    private static final String DOWNLOADABLE = "kind = 'export' AND status = 'succeeded' AND archive_bytes IS NOT NULL"
            + " AND expires_at > now()";
    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT j.id FROM privacy_jobs j
                 WHERE (j.status = 'pending' AND j.next_attempt_at <= now())
                    OR (j.status = 'running' AND j.claimed_until <= now())
                 ORDER BY j.next_attempt_at LIMIT 1
                 FOR UPDATE OF j SKIP LOCKED)
            UPDATE privacy_jobs p SET status = 'running', claim_id = ?, claimed_until = now() + make_interval(secs => ?),
                   attempts = p.attempts + 1
              FROM due WHERE p.id = due.id
            RETURNING p.tenant_id, p.id, p.kind, p.end_user_id, p.requested_by, p.attempts""";

    private PrivacyJobs() {
    }

    /**
     * How many exports of the tenant in scope are waiting, running, or downloadable (an archive not yet expired); the
     * caller holds the tenant's row ({@code TenantRowLock}), so that requests at once count one after the other.
     */
    public static int liveExports(Connection db) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM privacy_jobs WHERE kind = 'export'"
                + " AND (status IN ('pending', 'running') OR (status = 'succeeded' AND expires_at > now()))");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    public static UUID insertExport(Connection db, UUID endUser, String requestedBy) throws SQLException {
        UUID id = UUID.randomUUID();
        update(db, "INSERT INTO privacy_jobs (id, tenant_id, kind, scope, end_user_id, requested_by)"
                + " VALUES (?, humane_current_tenant(), 'export', ?, ?, ?)", id, endUser == null ? "account" : "end_user",
                endUser, requestedBy);
        return id;
    }

    /** The erasure of the end user whose digest this is: the one asked for before, or a new one. */
    public static UUID insertErasure(Connection db, UUID endUser, byte[] digest, String requestedBy) throws SQLException {
        update(db, "INSERT INTO privacy_jobs (id, tenant_id, kind, scope, end_user_id, subject_digest, requested_by)"
                + " VALUES (?, humane_current_tenant(), 'erasure', 'end_user', ?, ?, ?)"
                + " ON CONFLICT (tenant_id, subject_digest) WHERE kind = 'erasure' DO NOTHING",
                UUID.randomUUID(), endUser, digest, requestedBy);
        return erasureOf(db, digest).orElseThrow();
    }

    public static Optional<UUID> erasureOf(Connection db, byte[] digest) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT id FROM privacy_jobs WHERE kind = 'erasure' AND subject_digest = ?")) {
            query.setBytes(1, digest);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    public static Optional<PrivacyJob> find(Connection db, String kind, UUID id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + " FROM privacy_jobs WHERE kind = ? AND id = ?")) {
            query.setString(1, kind);
            query.setObject(2, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(job(row)) : Optional.empty();
            }
        }
    }

    /** The tenant's jobs of one kind, newest first, a keyset page at a time (the cursor of {@link Listing}). */
    public static Listing.Page<PrivacyJob> list(Connection db, String kind, int limit, String cursor) throws SQLException {
        Listing.Position after = Listing.position(cursor);
        try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + " FROM privacy_jobs"
                + " WHERE kind = ? AND tenant_id = humane_current_tenant()"
                + (after == null ? "" : " AND (created_at, id) < (?, ?)") + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
            int i = 1;
            query.setString(i++, kind);
            if (after != null) {
                query.setObject(i++, after.createdAt());
                query.setObject(i++, after.id());
            }
            query.setInt(i, limit + 1);
            List<PrivacyJob> found = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(job(row));
                }
            }
            boolean more = found.size() > limit;
            List<PrivacyJob> items = more ? found.subList(0, limit) : found;
            PrivacyJob last = more ? items.get(limit - 1) : null;
            return new Listing.Page<>(List.copyOf(items),
                    last == null ? null : new Listing.Position(last.createdAt().atOffset(ZoneOffset.UTC), last.id()).encode());
        }
    }

    /** The key id that sealed a downloadable archive. */
    public static Optional<byte[]> archiveKey(Connection db, UUID id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT key_id FROM privacy_jobs WHERE id = ? AND " + DOWNLOADABLE)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * The key id of every downloadable archive the connection sees (a restore's owner sees every tenant's), null
     * where none was recorded: ids only, never the archive, so that a restore can count the archives no key of its
     * ring opens (O3). Expired archives are not among them: nothing serves them, and the worker deletes them.
     */
    public static List<byte[]> archiveKeys(Connection db) throws SQLException {
        List<byte[]> keys = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT key_id FROM privacy_jobs WHERE " + DOWNLOADABLE)) {
            query.setFetchSize(500);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    keys.add(row.getBytes(1));
                }
            }
        }
        return keys;
    }

    public static Optional<ClaimedJob> claim(Connection db) throws SQLException {
        UUID claim = UUID.randomUUID();
        try (PreparedStatement statement = db.prepareStatement(CLAIM)) {
            statement.setObject(1, claim);
            statement.setDouble(2, LEASE.toSeconds());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new ClaimedJob(row.getObject(1, UUID.class), row.getObject(2, UUID.class), claim,
                        row.getString(3), row.getObject(4, UUID.class), row.getString(5), row.getInt(6))) : Optional.empty();
            }
        }
    }

    /** Locks the job for the rest of the transaction while the claim is still its own; false when it was lost. */
    public static boolean hold(Connection db, ClaimedJob job) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM privacy_jobs WHERE id = ? AND claim_id = ? FOR UPDATE")) {
            query.setObject(1, job.id());
            query.setObject(2, job.claim());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    public static void succeed(Connection db, ClaimedJob job, String counts, Long archiveBytes, byte[] keyId, Instant expires)
            throws SQLException {
        update(db, "UPDATE privacy_jobs SET status = 'succeeded', counts = ?::jsonb, archive_bytes = ?, key_id = ?,"
                + " expires_at = ?, finished_at = clock_timestamp(), claim_id = NULL, claimed_until = NULL,"
                + " end_user_id = CASE WHEN kind = 'erasure' THEN NULL ELSE end_user_id END WHERE id = ? AND claim_id = ?",
                counts, archiveBytes, keyId, expires == null ? null : Timestamp.from(expires), job.id(), job.claim());
    }

    /**
     * Puts a given-up erasure back in the queue for {@code endUser}, with its tries counted from zero, asked by
     * {@code requestedBy}; false when the job is not a failed erasure.
     */
    public static boolean reopenFailedErasure(Connection db, UUID id, UUID endUser, String requestedBy) throws SQLException {
        return update(db, "UPDATE privacy_jobs SET status = 'pending', end_user_id = ?, requested_by = ?, attempts = 0,"
                + " error = NULL, finished_at = NULL, next_attempt_at = now() WHERE id = ? AND kind = 'erasure'"
                + " AND status = 'failed'", endUser, requestedBy, id) == 1;
    }

    /** Tries again later, or gives up after {@value #TRIES} tries; the reason says what, never whose data. */
    public static void fail(Connection db, ClaimedJob job, String reason) throws SQLException {
        boolean last = job.attempts() >= TRIES;
        update(db, "UPDATE privacy_jobs SET status = ?, error = left(?, 200), claim_id = NULL, claimed_until = NULL,"
                + " next_attempt_at = now() + make_interval(secs => ?), finished_at = CASE WHEN ? THEN clock_timestamp() END,"
                + " end_user_id = CASE WHEN ? AND kind = 'erasure' THEN NULL ELSE end_user_id END WHERE id = ? AND claim_id = ?",
                last ? "failed" : "pending", reason, 30.0 * job.attempts(), last, last, job.id(), job.claim());
    }

    /** Deletes the archives past their expiry; the jobs stay, with their counts, and say the archive is gone. */
    public static int expire(Connection db) throws SQLException {
        update(db, "DELETE FROM privacy_archive_parts p USING privacy_jobs j WHERE j.id = p.job_id AND j.expires_at <= now()");
        return update(db, "UPDATE privacy_jobs SET archive_bytes = NULL, key_id = NULL, expires_at = NULL WHERE expires_at <= now()");
    }

    private static PrivacyJob job(ResultSet row) throws SQLException {
        long stored = row.getLong(6);
        Long bytes = row.wasNull() ? null : stored;
        return new PrivacyJob(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), bytes, row.getString(7), instant(row, 8), instant(row, 9),
                instant(row, 10));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static int update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
