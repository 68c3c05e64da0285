package ai.humane.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
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
                assertTrue(counter.hit(one, "ip:a", 60, now).allowed());
                assertTrue(counter.hit(two, "ip:a", 60, now).allowed());
            }
            assertFalse(counter.hit(two, "ip:a", 60, now).allowed());
            // The next minute still sees this one through the previous window.
            assertFalse(counter.hit(one, "ip:a", 60, now + 60_000).allowed());
            assertEquals(2, counter.purge(one, now + 180_000));
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
                        if (counter.hit(c, "key:race", 100, now).allowed()) {
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

    /** The cost per request: one statement on a pooled (here: kept) connection, measured after warm-up. */
    @Test
    void costPerRequest() throws Exception {
        try (Connection c = TestDatabases.asApp(db)) {
            for (int i = 0; i < 500; i++) {
                counter.hit(c, "key:warm" + (i % 50), 1000, System.currentTimeMillis());
            }
            int n = 5000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                counter.hit(c, "key:bench" + (i % 200), 1000, System.currentTimeMillis());
            }
            double micros = (System.nanoTime() - start) / 1000.0 / n;
            System.out.printf("RATE LIMITER COST: %.1f µs per request (%d hits, one connection, 200 buckets)%n", micros, n);
            assertTrue(micros < 20_000, "a hit took " + micros + " µs");
        }
    }
}
