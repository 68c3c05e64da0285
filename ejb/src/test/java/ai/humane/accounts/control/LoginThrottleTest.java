package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** S2's counters on a real PostgreSQL 16: exact under concurrency, growing waits, cleared by success. */
class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle();

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
            assertEquals(String.valueOf(attempts), single(c, "SELECT failures FROM login_throttle WHERE key = '" + key + "'"));
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
