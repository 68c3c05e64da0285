package ai.humane.idempotency.control;

import ai.humane.audit.control.EndUserDataRead;
import ai.humane.json.control.JsonP;
import ai.humane.tenancy.control.TenantTransactions;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The rows of {@code idempotency_keys}, each call in a transaction of its own with the tenant set for
 * row-level security. A claim is an INSERT that takes over an expired row or one whose request died
 * without an answer (a claim older than {@code STALE}), so a crashed instance blocks a key for minutes,
 * not a day; unless the request's work had committed ({@link CarriedOut} marks the claim in that very
 * transaction): then running it again would do it twice, so the key stays refused until it expires.
 */
public final class IdempotencyRecords {

    static final String TTL = "24 hours";
    static final String STALE = "5 minutes";

    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (tenant_id, credential, key, fingerprint, expires_at)
            VALUES (?, ?, ?, ?, now() + interval '%s')
            ON CONFLICT (tenant_id, credential, key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, state = 'running', status = NULL, content_type = NULL,
                   location = NULL, body = NULL, reads = NULL, claimed_at = now(), expires_at = EXCLUDED.expires_at,
                   carried_out = false
             WHERE k.expires_at < now()
                OR (k.state = 'running' AND NOT k.carried_out AND k.claimed_at < now() - interval '%s')
            RETURNING k.claimed_at""".formatted(TTL, STALE);

    private static final String FIND = """
            SELECT fingerprint, state, status, content_type, location, body, carried_out, reads::text FROM idempotency_keys
             WHERE tenant_id = ? AND credential = ? AND key = ?""";

    /** Claims the key, or answers what the first request left behind. */
    public Claim claim(Connection db, IdempotencyScope scope, byte[] fingerprint) throws SQLException {
        return claim(db, scope, List.of(fingerprint));
    }

    /**
     * Claims the key under the first of {@code accepted}, or answers what the first request left behind if its
     * fingerprint is any of them (the same request's, kept under an older key or before fingerprints were keyed).
     */
    public Claim claim(Connection db, IdempotencyScope scope, List<byte[]> accepted) throws SQLException {
        return TenantTransactions.inTenant(db, scope.tenant(), tx -> {
            try (PreparedStatement claim = db.prepareStatement(CLAIM)) {
                bind(claim, 1, scope);
                claim.setBytes(4, accepted.get(0));
                try (ResultSet row = claim.executeQuery()) {
                    if (row.next()) {
                        return new Claim.Claimed(scope, row.getObject(1, OffsetDateTime.class));
                    }
                }
            }
            return existing(db, scope, accepted);
        });
    }

    /**
     * Keeps the answer for replay, with the reads of end-user data its request recorded (in the same UPDATE), and
     * answers true, unless it holds a secret in full: then the claim is released
     * instead (a retry runs again) and the answer is false, so the store never holds a secret. False too when the
     * claim is no longer this request's, or an erasure of the tenant withheld its answer since it was claimed
     * ({@code TenantData.WITHHOLD_RUNNING_ANSWERS}): nothing is kept then.
     */
    public boolean complete(Connection db, Claim.Claimed claimed, StoredResponse response) throws SQLException {
        if (response.carriesSecret()) {
            release(db, claimed);
            return false;
        }
        return TenantTransactions.inTenant(db, claimed.scope().tenant(), tx -> {
            try (PreparedStatement done = db.prepareStatement("""
                    UPDATE idempotency_keys SET state = 'done', status = ?, content_type = ?, location = ?, body = ?,
                           reads = ?::jsonb
                     WHERE tenant_id = ? AND credential = ? AND key = ? AND state = 'running' AND claimed_at = ?
                       AND reads IS NULL""")) {
                done.setInt(1, response.status());
                done.setString(2, response.contentType());
                done.setString(3, response.location());
                done.setBytes(4, response.body());
                done.setString(5, json(response.reads()));
                bind(done, 6, claimed.scope());
                done.setObject(9, claimed.at());
                // No row: taken over by a successor, or withheld by an erasure since the claim (TenantData).
                return done.executeUpdate() == 1;
            }
        });
    }

    /**
     * Forgets a claim whose answer is not kept (a refusal or a failure), so the key may be used again; a claim taken
     * over meanwhile is the successor's and stays.
     */
    public void release(Connection db, Claim.Claimed claimed) throws SQLException {
        TenantTransactions.inTenant(db, claimed.scope().tenant(), tx -> {
            try (PreparedStatement forget = db.prepareStatement("DELETE FROM idempotency_keys WHERE tenant_id = ?"
                    + " AND credential = ? AND key = ? AND state = 'running' AND claimed_at = ?")) {
                bind(forget, 1, claimed.scope());
                forget.setObject(4, claimed.at());
                return forget.executeUpdate();
            }
        });
    }

    /**
     * What a key's request is known by: its method, its path with the query as sent ({@code rawQuery} null when it
     * had none), and its body. Another of any of them with the same key is 422 {@code idempotency-key-reuse}. The
     * query joined in 2026-12: a request without one has the fingerprint it had before, so keys stored before keep
     * answering their replays.
     */
    public static byte[] fingerprint(String method, String rawPath, String rawQuery, byte[] body) {
        String target = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + target + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return sha.digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Claim existing(Connection db, IdempotencyScope scope, List<byte[]> accepted) throws SQLException {
        try (PreparedStatement find = db.prepareStatement(FIND)) {
            bind(find, 1, scope);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    // Released between our INSERT and this read: the caller may simply retry.
                    throw new IdempotencyKeyInUse();
                }
                byte[] kept = row.getBytes(1);
                if (accepted.stream().noneMatch(fingerprint -> MessageDigest.isEqual(fingerprint, kept))) {
                    throw new IdempotencyKeyReuse();
                }
                if (!"done".equals(row.getString(2))) {
                    throw row.getBoolean(7) ? IdempotencyKeyInUse.carriedOut() : new IdempotencyKeyInUse();
                }
                return new Claim.Replay(new StoredResponse(row.getInt(3), row.getString(4), row.getString(5),
                        row.getBytes(6), reads(row.getString(8))));
            }
        }
    }

    /** The reads as kept: a JSON array, empty when the request recorded none (never null for a new answer). */
    private static String json(List<EndUserDataRead> reads) {
        JsonArrayBuilder kept = JsonP.createArrayBuilder();
        for (EndUserDataRead read : reads) {
            kept.add(JsonP.createObjectBuilder().add("kind", read.kind()).add("resource_type", read.resourceType())
                    .add("resource_id", read.resourceId()).add("count", read.count()));
        }
        return kept.build().toString();
    }

    /** The reads kept with an answer; null when it was stored before V53 kept them. */
    private static List<EndUserDataRead> reads(String json) {
        if (json == null) {
            return null;
        }
        try (JsonReader reader = JsonP.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream().map(read -> new EndUserDataRead(
                    read.getString("kind"), read.getString("resource_type"), read.getString("resource_id"),
                    read.getInt("count"))).toList();
        }
    }

    private static void bind(PreparedStatement statement, int first, IdempotencyScope scope) throws SQLException {
        statement.setObject(first, scope.tenant());
        statement.setString(first + 1, scope.credential());
        statement.setString(first + 2, scope.key());
    }
}
