package ai.humane.accounts.control;

import ai.humane.crypto.control.HmacKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * S2: attempts at an account's secret counted per account (unknown e-mails too) before each is checked
 * ({@link #admit}), and failures per client IP, in PostgreSQL, so every instance shares them and concurrent
 * attempts are counted atomically (one upsert each).
 * After a free allowance each further failure doubles the wait, up to a ceiling; a failure spell
 * older than an hour starts again. A success clears the account's counter.
 * <p>
 * The table has no row-level security, so it holds no e-mail or address: each row is keyed by the HMAC of
 * its key under the throttle's own key ({@code PseudonymKeys.LOGIN_THROTTLE}). Lookups and clearing also
 * try the pseudonyms under older keys of the ring, so a rotation of HMAC_KEY does not lift a block. Rows
 * that count nothing any more are deleted by {@link #purgeExpired}.
 */
public final class LoginThrottle {

    public static final int FREE_ACCOUNT_FAILURES = 5;
    public static final int FREE_IP_FAILURES = 20;
    static final Duration CEILING = Duration.ofMinutes(15);

    private static final String COUNT = """
            INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES (?, 1, now())
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
              last_failure_at = now()
            RETURNING failures""";
    /**
     * One attempt at an account's secret, counted before it is checked, in one statement: refused (no row) while the
     * key's block runs; else counted, and past the allowance it blocks the key at once, so of the attempts in
     * flight when a block ends exactly one is let in. The wait after the allowance is taken from {@link #backoff}
     * (the array, indexed by how far past the allowance the count is).
     */
    private static final String ADMIT = """
            INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES (?, 1, now())
            ON CONFLICT (key) DO UPDATE SET
              failures = %1$s,
              last_failure_at = now(),
              blocked_until = CASE WHEN %1$s > ? THEN now() + make_interval(secs => (?::int[])[least(%1$s - ?, ?)]) END
            WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
            RETURNING failures""".formatted(
            "CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END");
    /** {@link #backoff} for 1, 2, … past the allowance, up to where it reaches the ceiling. */
    private static final Integer[] WAITS = IntStream.rangeClosed(1, 11)
            .mapToObj(over -> (int) backoff(over).toSeconds()).toArray(Integer[]::new);
    private static final String BLOCK = "UPDATE login_throttle SET blocked_until = ? WHERE key = ?";
    private static final String BLOCKED = "SELECT max(blocked_until) FROM login_throttle WHERE key = ANY (?)";
    private static final String CLEAR = "DELETE FROM login_throttle WHERE key = ANY (?)";
    /** A spell older than an hour starts afresh (COUNT), so such a row matters only while its block lasts. */
    private static final String EXPIRED = """
            DELETE FROM login_throttle
             WHERE last_failure_at < now() - interval '1 hour' AND (blocked_until IS NULL OR blocked_until < now())""";

    private final HmacKeys pseudonyms;

    /** @param pseudonyms the keys derived for the throttle */
    public LoginThrottle(HmacKeys pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    public static String accountKey(String email) {
        return "account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    public static String addressKey(String clientIp) {
        return "ip:" + clientIp;
    }

    /** How long the caller must still wait, if any of the keys is blocked. */
    public Optional<Duration> blocked(Connection c, List<String> keys, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(BLOCKED)) {
            query.setArray(1, everyPseudonym(c, keys));
            try (ResultSet row = query.executeQuery()) {
                Timestamp until = row.next() ? row.getTimestamp(1) : null;
                return until == null || !until.toInstant().isAfter(now)
                        ? Optional.empty() : Optional.of(Duration.between(now, until.toInstant()));
            }
        }
    }

    /**
     * Admits one attempt at the secret the key guards, counting it before it is checked (a success then clears the
     * count): refused while the key, under the current HMAC key or an older one, is blocked, and when an attempt
     * racing this one has just blocked it. Answers the wait when refused.
     */
    public Optional<Duration> admit(Connection c, String key, int freeFailures, Instant now) throws SQLException {
        Optional<Duration> blocked = blocked(c, List.of(key), now);
        if (blocked.isPresent()) {
            return blocked;
        }
        try (PreparedStatement admit = c.prepareStatement(ADMIT)) {
            admit.setBytes(1, pseudonyms.sign(key.getBytes(StandardCharsets.UTF_8)));
            admit.setInt(2, freeFailures);
            admit.setArray(3, c.createArrayOf("int4", WAITS));
            admit.setInt(4, freeFailures);
            admit.setInt(5, WAITS.length);
            try (ResultSet row = admit.executeQuery()) {
                if (row.next()) {
                    return Optional.empty();
                }
            }
        }
        // Blocked since the look above: by an attempt that raced this one.
        return Optional.of(blocked(c, List.of(key), now).orElse(Duration.ofSeconds(1)));
    }

    /** Counts one failure against the key and blocks it when past its allowance. */
    public void fail(Connection c, String key, int freeFailures, Instant now) throws SQLException {
        byte[] pseudonym = pseudonyms.sign(key.getBytes(StandardCharsets.UTF_8));
        int failures;
        try (PreparedStatement count = c.prepareStatement(COUNT)) {
            count.setBytes(1, pseudonym);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                failures = row.getInt(1);
            }
        }
        if (failures > freeFailures) {
            try (PreparedStatement block = c.prepareStatement(BLOCK)) {
                block.setTimestamp(1, Timestamp.from(now.plus(backoff(failures - freeFailures))));
                block.setBytes(2, pseudonym);
                block.executeUpdate();
            }
        }
    }

    public void clear(Connection c, String key) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement(CLEAR)) {
            clear.setArray(1, everyPseudonym(c, List.of(key)));
            clear.executeUpdate();
        }
    }

    /** Deletes the rows that count nothing any more; answers how many. Every instance may run it at once. */
    public static int purgeExpired(Connection c) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement(EXPIRED)) {
            return purge.executeUpdate();
        }
    }

    private Array everyPseudonym(Connection c, List<String> keys) throws SQLException {
        return c.createArrayOf("bytea", keys.stream()
                .flatMap(key -> pseudonyms.signEach(key.getBytes(StandardCharsets.UTF_8)).stream())
                .toArray(byte[][]::new));
    }

    /** 1 s after the first failure over the allowance, then doubling: 2 s, 4 s, … up to the ceiling. */
    static Duration backoff(int over) {
        return over >= 11 ? CEILING : Duration.ofSeconds(Math.min(CEILING.toSeconds(), 1L << (over - 1)));
    }
}
