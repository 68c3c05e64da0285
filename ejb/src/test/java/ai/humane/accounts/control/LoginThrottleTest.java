package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** S2's counters on a real PostgreSQL 16: exact under concurrency, growing waits, cleared by success, keyed by HMAC. */
class LoginThrottleTest {

    private static final String OLD_KEY = HmacKeys.generateKey();
    private static final String NEW_KEY = HmacKeys.generateKey();

    private final HmacKeys keys = new HmacKeys(OLD_KEY).derive(PseudonymKeys.LOGIN_THROTTLE);
    private final LoginThrottle throttle = new LoginThrottle(keys);

    @Test
    void waitsDoubleAfterTheAllowanceUpToTheCeiling() {
        assertEquals(Duration.ofSeconds(1), LoginThrottle.backoff(1));
        assertEquals(Duration.ofSeconds(2), LoginThrottle.backoff(2));
        assertEquals(Duration.ofSeconds(512), LoginThrottle.backoff(10));
        assertEquals(LoginThrottle.CEILING, LoginThrottle.backoff(40));
    }

    @Test
    void concurrentFailuresAreAllCountedAndBlock() throws Exception {
        DatabaseSettings db = migrated();
        String key = LoginThrottle.accountKey("Victim@Example.test");
        int attempts = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                tasks.add(() -> {
                    try (Connection c = TestDatabases.asApp(db)) {
                        throttle.fail(c, key, LoginThrottle.FREE_ACCOUNT_FAILURES, Instant.now());
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = TestDatabases.asApp(db)) {
            assertEquals(String.valueOf(attempts), single(c, "SELECT failures FROM login_throttle"));
            assertEquals(HexFormat.of().formatHex(keys.sign(key.getBytes(StandardCharsets.UTF_8))),
                    single(c, "SELECT encode(key, 'hex') FROM login_throttle"), "the one row is keyed by the HMAC, not the e-mail");
            assertTrue(throttle.blocked(c, List.of(key), Instant.now()).isPresent());
            assertTrue(throttle.blocked(c, List.of(LoginThrottle.accountKey("victim@example.test ")), Instant.now()).isPresent(),
                    "e-mail case and spacing do not buy a fresh counter");
            throttle.clear(c, key);
            assertTrue(throttle.blocked(c, List.of(key), Instant.now()).isEmpty());
        }
    }

    @Test
    void theAllowanceIsFree() throws Exception {
        DatabaseSettings db = migrated();
        try (Connection c = TestDatabases.asApp(db)) {
            String key = LoginThrottle.addressKey("127.0.0.9");
            for (int i = 0; i < LoginThrottle.FREE_ACCOUNT_FAILURES; i++) {
                throttle.fail(c, key, LoginThrottle.FREE_ACCOUNT_FAILURES, Instant.now());
            }
            assertTrue(throttle.blocked(c, List.of(key), Instant.now()).isEmpty());
            throttle.fail(c, key, LoginThrottle.FREE_ACCOUNT_FAILURES, Instant.now());
            assertTrue(throttle.blocked(c, List.of(key), Instant.now()).isPresent());
        }
    }

    @Test
    void aRotationOfTheKeyLiftsNoBlockAndClearingFindsTheOldRow() throws Exception {
        DatabaseSettings db = migrated();
        String key = LoginThrottle.accountKey("rotated@example.test");
        LoginThrottle rotated = new LoginThrottle(new HmacKeys(NEW_KEY + "," + OLD_KEY).derive(PseudonymKeys.LOGIN_THROTTLE));
        try (Connection c = TestDatabases.asApp(db)) {
            for (int i = 0; i <= LoginThrottle.FREE_ACCOUNT_FAILURES; i++) {
                throttle.fail(c, key, LoginThrottle.FREE_ACCOUNT_FAILURES, Instant.now());
            }
            assertTrue(rotated.blocked(c, List.of(key), Instant.now()).isPresent());
            rotated.clear(c, key);
            assertEquals("0", single(c, "SELECT count(*) FROM login_throttle"));
        }
    }

    @Test
    void rowsThatCountNothingAnyMoreArePurged() throws Exception {
        DatabaseSettings db = migrated();
        try (Connection c = TestDatabases.asApp(db)) {
            for (String address : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3")) {
                throttle.fail(c, LoginThrottle.addressKey(address), 99, Instant.now());
            }
            age(c, "192.0.2.1", "NULL");
            age(c, "192.0.2.2", "now() + interval '5 minutes'");
            assertEquals(1, LoginThrottle.purgeExpired(c), "a spell of the last hour and a running block stay");
            assertEquals("2", single(c, "SELECT count(*) FROM login_throttle"));
            assertEquals(0, LoginThrottle.purgeExpired(c), "a second instance finds nothing left");
        }
    }

    /** Moves the address's last failure past the hour, with the block given. */
    private void age(Connection c, String address, String blockedUntil) throws Exception {
        try (var update = c.prepareStatement("UPDATE login_throttle SET last_failure_at = now() - interval '61 minutes',"
                + " blocked_until = " + blockedUntil + " WHERE key = ?")) {
            update.setBytes(1, keys.sign(LoginThrottle.addressKey(address).getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    void theTableRefusesAKeyThatIsNotAPseudonym() throws Exception {
        DatabaseSettings db = migrated();
        try (Connection c = TestDatabases.asApp(db); var insert = c.prepareStatement(
                "INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, now())")) {
            insert.setBytes(1, "account:victim@example.test".getBytes(StandardCharsets.UTF_8));
            java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, insert::executeUpdate);
            assertTrue(refused.getMessage().contains("check constraint"), refused.getMessage());
        }
    }

    private static DatabaseSettings migrated() {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        return db;
    }

    private static String single(Connection c, String sql) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
