package ai.humane.accounts.control;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.edge.control.ClientNetwork;
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
import java.util.stream.Stream;

/**
 * S2: attempts at an account's secret counted per account (unknown e-mails too) before each is checked
 * ({@link #admit}), and failures per client IP, in PostgreSQL, so every instance shares them and concurrent
 * attempts are counted atomically (one upsert each).
 * After a free allowance each further failure doubles the wait, up to a ceiling; a failure spell
 * older than an hour starts again. A success clears the account's counter.
 * <p>
 * The table has no row-level security, so it holds no e-mail or address: each row is keyed by the HMAC of
 * its key under the throttle's own key ({@code PseudonymKeys.LOGIN_THROTTLE}). Lookups and clearing also
 * try the pseudonyms under older keys of the ring, so a rotation of HMAC_KEY does not lift a block (the count
 * goes on under the new key from 1, so a spell's waits start short again after a rotation). Rows that count
 * nothing any more are deleted by {@link #purgeExpired}.
 */
public final class LoginThrottle {

    public static final int FREE_ACCOUNT_FAILURES = 5;
    public static final int FREE_IP_FAILURES = 20;
    static final Duration CEILING = Duration.ofMinutes(15);

    /**
     * Counts one attempt or failure against a key in one statement: a spell older than an hour starts again at 1,
     * and past the allowance the key is blocked at once for the wait {@link #backoff} gives (handed in as an array
     * indexed by how far past the allowance the count is; PostgreSQL's arrays start at 1), never shortening a
     * longer block a racing failure wrote. {@code %2$s} is {@link #UNLESS_BLOCKED} for an admission, else empty.
     */
    private static final String COUNT = """
            INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES (?, 1, now())
            ON CONFLICT (key) DO UPDATE SET
              failures = %1$s,
              last_failure_at = now(),
              blocked_until = CASE WHEN %1$s > ?
                THEN greatest(t.blocked_until, now() + make_interval(secs => (?::int[])[least(%1$s - ?, ?)]))
                ELSE t.blocked_until END
            %2$s
            RETURNING failures""";
    private static final String SPELL =
            "CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END";
    /**
     * An admission: refused (no row) while the key's block runs, so of the attempts in flight when a block ends
     * exactly one is let in, and it sets the next block itself.
     */
    private static final String UNLESS_BLOCKED = "WHERE t.blocked_until IS NULL OR t.blocked_until <= now()";
    private static final String ADMIT = COUNT.formatted(SPELL, UNLESS_BLOCKED);
    private static final String FAIL = COUNT.formatted(SPELL, "");
    /** {@link #backoff} for 1, 2, … past the allowance, up to where it reaches the ceiling. */
    private static final Integer[] WAITS = IntStream.rangeClosed(1, 11)
            .mapToObj(over -> (int) backoff(over).toSeconds()).toArray(Integer[]::new);
    private static final String BLOCKED = "SELECT max(blocked_until) FROM login_throttle WHERE key = ANY (?)";
    /** Under the current key only: that is the one {@link #admit} counts under. */
    private static final String GIVE_BACK = "UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0";
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

    /** The client's address as it is counted: an IPv6 client by its /64 ({@link ClientNetwork}). */
    public static String addressKey(String clientIp) {
        return "ip:" + ClientNetwork.of(clientIp);
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
        return admit(c, key, List.of(), freeFailures, now);
    }

    /**
     * {@link #admit(Connection, String, int, Instant)}, refused too while any of {@code guards} (the client's address)
     * is blocked: every block is read in one look, before anything is counted.
     */
    public Optional<Duration> admit(Connection c, String key, List<String> guards, int freeFailures, Instant now)
            throws SQLException {
        Optional<Duration> blocked = blocked(c, Stream.concat(Stream.of(key), guards.stream()).toList(), now);
        if (blocked.isPresent()) {
            return blocked;
        }
        if (count(c, ADMIT, key, freeFailures)) {
            return Optional.empty();
        }
        // Blocked since the look above: by an attempt that raced this one.
        return Optional.of(blocked(c, List.of(key), now).orElse(Duration.ofSeconds(1)));
    }

    /**
     * Gives back an admitted attempt that was never checked (the bcrypt pool refused it), so a flood that keeps the
     * pool full does not count its way to a block of the accounts it kept waiting. A block the admission set stays
     * until it ends: it is seconds long at the allowance's edge, and lifting it here could lift a racing attempt's.
     */
    public void giveBack(Connection c, String key) throws SQLException {
        try (PreparedStatement giveBack = c.prepareStatement(GIVE_BACK)) {
            giveBack.setBytes(1, pseudonyms.sign(key.getBytes(StandardCharsets.UTF_8)));
            giveBack.executeUpdate();
        }
    }

    /** Counts one failure against the key and blocks it when past its allowance. */
    public void fail(Connection c, String key, int freeFailures) throws SQLException {
        count(c, FAIL, key, freeFailures);
    }

    /** Runs one of the counting statements for the key; whether it counted (an admission may be refused). */
    private boolean count(Connection c, String statement, String key, int freeFailures) throws SQLException {
        try (PreparedStatement count = c.prepareStatement(statement)) {
            count.setBytes(1, pseudonyms.sign(key.getBytes(StandardCharsets.UTF_8)));
            count.setInt(2, freeFailures);
            count.setArray(3, c.createArrayOf("int4", WAITS));
            count.setInt(4, freeFailures);
            count.setInt(5, WAITS.length);
            try (ResultSet row = count.executeQuery()) {
                return row.next();
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
