package ai.humane.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared counter on a real PostgreSQL 16, as the runtime role; two "instances" share one count. */
class RateCounterTest {

    private static DatabaseSettings db;
    private final RateCounter counter = new RateCounter();

    @BeforeAll
    static void migrate() {
        db = TestDatabases.fresh();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void twoInstancesCountTheSameBucket() throws Exception {
        long now = 5 * 60_000 + 1_000;
        try (Connection one = TestDatabases.asApp(db); Connection two = TestDatabases.asApp(db)) {
            for (int i = 0; i < 30; i++) {
                assertTrue(counter.hit(one, bucket("ip:a"), 60, now).allowed());
                assertTrue(counter.hit(two, bucket("ip:a"), 60, now).allowed());
            }
            assertFalse(counter.hit(two, bucket("ip:a"), 60, now).allowed());
            // The next minute still sees this one through the previous window.
            assertFalse(counter.hit(one, bucket("ip:a"), 60, now + 60_000).allowed());
            assertEquals(0, counter.purge(one, now + 60_000), "the previous minute still counts");
            assertEquals(1, counter.purge(one, now + 180_000));
        }
    }

    @Test
    void theTableRefusesABucketThatIsNotAPseudonym() throws Exception {
        try (Connection c = TestDatabases.asApp(db)) {
            java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                    () -> counter.hit(c, "public-ip:192.0.2.7".getBytes(StandardCharsets.UTF_8), 60, 0));
            assertTrue(refused.getMessage().contains("check constraint"), refused.getMessage());
        }
    }

    @Test
    void concurrentHitsAreCountedExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger allowed = new AtomicInteger();
        long now = 7 * 60_000;
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                try (Connection c = TestDatabases.asApp(db)) {
                    for (int i = 0; i < 25; i++) {
                        if (counter.hit(c, bucket("key:race"), 100, now).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(100, allowed.get());
    }

    @Test
    void theWindowSlidesAndASilentBucketStartsAfresh() throws Exception {
        long minute = 10 * 60_000;
        try (Connection c = TestDatabases.asApp(db)) {
            for (int i = 0; i < 40; i++) {
                counter.hit(c, bucket("key:slide"), 60, minute + 30_000);
            }
            // 15 s into the next minute: 40 * 45/60 = 30 of the previous minute still count, plus this one.
            SlidingWindow.Verdict next = counter.hit(c, bucket("key:slide"), 60, minute + 75_000);
            assertEquals(60 - 31, next.remaining());
            // Two minutes later nothing of it is left.
            SlidingWindow.Verdict later = counter.hit(c, bucket("key:slide"), 60, minute + 200_000);
            assertEquals(59, later.remaining());
        }
    }

    @Test
    void anInstanceWhoseClockIsBehindCountsIntoTheNewerMinute() throws Exception {
        long minute = 20 * 60_000;
        try (Connection ahead = TestDatabases.asApp(db); Connection behind = TestDatabases.asApp(db)) {
            for (int i = 0; i < 10; i++) {
                counter.hit(ahead, bucket("key:skew"), 60, minute + 1_000);
            }
            counter.hit(behind, bucket("key:skew"), 60, minute - 1_000);
            // The late hit joined the newer minute instead of resetting it: 12 in all.
            assertEquals(60 - 12, counter.hit(ahead, bucket("key:skew"), 60, minute + 2_000).remaining());
        }
    }

    /** A stand-in for RateLimiter's pseudonym: 32 bytes per bucket name. */
    private static byte[] bucket(String name) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
    }
}
