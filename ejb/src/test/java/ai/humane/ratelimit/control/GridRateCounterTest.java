package ai.humane.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.LoopbackGrid;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grid counter on two real Hazelcast members of one cluster, as two instances share it ({@link LoopbackGrid}). */
class GridRateCounterTest {

    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static GridRateCounter one;
    private static GridRateCounter two;

    @BeforeAll
    static void cluster() {
        String name = "rate-test-" + UUID.randomUUID();
        first = LoopbackGrid.first(name);
        second = LoopbackGrid.joining(first, name);
        assertEquals(2, first.getCluster().getMembers().size(), "the two members formed one cluster");
        one = new GridRateCounter(first);
        two = new GridRateCounter(second);
    }

    @AfterAll
    static void stop() {
        second.shutdown();
        first.shutdown();
    }

    @Test
    void twoInstancesCountTheSameBucket() throws Exception {
        long now = 5 * 60_000 + 1_000;
        for (int i = 0; i < 30; i++) {
            assertTrue(one.hit(bucket("ip:a"), 60, now).allowed());
            assertTrue(two.hit(bucket("ip:a"), 60, now).allowed());
        }
        assertFalse(two.hit(bucket("ip:a"), 60, now).allowed());
        // The next minute still sees this one through the previous window.
        assertFalse(one.hit(bucket("ip:a"), 60, now + 60_000).allowed());
    }

    @Test
    void concurrentHitsOnBothMembersAreCountedExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger allowed = new AtomicInteger();
        long now = 7 * 60_000;
        for (int t = 0; t < 8; t++) {
            GridRateCounter member = t % 2 == 0 ? one : two;
            pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    if (member.hit(bucket("key:race"), 100, now).allowed()) {
                        allowed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(100, allowed.get());
        assertEquals(200, first.<String, long[]>getMap(GridRateCounter.MAP).get(hex("key:race"))[1], "every hit counted once");
    }

    /** The remembered row saves the read while no other instance counts the bucket; a foreign hit is still seen. */
    @Test
    void aBucketOnlyThisInstanceCountsIsOneCallAHit() throws Exception {
        long now = 50 * 60_000;
        one.hit(bucket("key:alone"), 100, now);
        long reads = reads();
        for (int i = 0; i < 10; i++) {
            one.hit(bucket("key:alone"), 100, now);
        }
        assertEquals(reads, reads(), "no read while the remembered row is what the grid holds");
        two.hit(bucket("key:alone"), 100, now);
        assertEquals(100 - 13, one.hit(bucket("key:alone"), 100, now).remaining(), "the other instance's hit counts");
        assertEquals(13, first.<String, long[]>getMap(GridRateCounter.MAP).get(hex("key:alone"))[1], "every hit counted once");
    }

    /**
     * Hits that arrive while a count is under way wait, and the next count takes them all: one compare-and-set for
     * the seven, each judged on the count up to itself, so exactly the ceiling's worth is allowed and every hit counted.
     */
    @Test
    void hitsArrivingDuringACountShareTheNextGridCallAndAreEachJudgedInTurn() throws Exception {
        try (HeldWindows held = new HeldWindows(false)) {
            List<Future<SlidingWindow.Verdict>> others = held.arriveWhileHeld(bucket("key:combined"), 60 * 60_000, 7);
            Future<SlidingWindow.Verdict> first = others.remove(0);
            held.release.countDown();

            assertEquals(4, first.get(10, TimeUnit.SECONDS).remaining());
            List<Integer> remaining = new ArrayList<>();
            int allowed = 1;
            for (Future<SlidingWindow.Verdict> other : others) {
                SlidingWindow.Verdict verdict = other.get(10, TimeUnit.SECONDS);
                remaining.add(verdict.remaining());
                allowed += verdict.allowed() ? 1 : 0;
            }
            assertEquals(5, allowed, "the ceiling and not one more");
            assertEquals(List.of(3, 2, 1, 0, 0, 0, 0), remaining.stream().sorted(Comparator.reverseOrder()).toList(),
                    "each judged on the count up to itself");
            assertEquals(2, held.writes.get(), "one write for the first hit, one for the seven");
            assertEquals(8, held.rows.get(hex("key:combined"))[1], "every hit counted once");
        }
    }

    /** A grid call that fails fails every hit it carried; none is left waiting. */
    @Test
    void aFailedGridCallFailsEveryHitItCarried() throws Exception {
        try (HeldWindows held = new HeldWindows(true)) {
            List<Future<SlidingWindow.Verdict>> others = held.arriveWhileHeld(bucket("key:failing"), 70 * 60_000, 3);
            Future<SlidingWindow.Verdict> first = others.remove(0);
            held.release.countDown();
            assertTrue(first.get(10, TimeUnit.SECONDS).allowed());
            for (Future<SlidingWindow.Verdict> other : others) {
                ExecutionException failed = assertThrows(ExecutionException.class, () -> other.get(10, TimeUnit.SECONDS));
                assertTrue(failed.getCause() instanceof IllegalStateException, failed.toString());
            }
        }
    }

    /**
     * Rows in memory whose first write waits until the test releases it, with a counter on them and threads to send
     * hits; replaces fail when asked to. Closing releases the write and stops the threads.
     */
    private static final class HeldWindows implements GridRateCounter.Windows, AutoCloseable {

        final Map<String, long[]> rows = new ConcurrentHashMap<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();
        private final boolean failReplaces;
        private final GridRateCounter counter;
        private final ExecutorService pool = Executors.newFixedThreadPool(8);

        HeldWindows(boolean failReplaces) {
            this.failReplaces = failReplaces;
            this.counter = new GridRateCounter(this);
        }

        /**
         * One hit that reaches the grid and is held there, then {@code count} more, once all of them wait (at most
         * 10 s each): the first hit's future, then the others'.
         */
        List<Future<SlidingWindow.Verdict>> arriveWhileHeld(byte[] bucket, long now, int count) throws InterruptedException {
            List<Future<SlidingWindow.Verdict>> arrived = new ArrayList<>();
            arrived.add(pool.submit(() -> counter.hit(bucket, 5, now)));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the first hit reached the grid");
            for (int i = 0; i < count; i++) {
                arrived.add(pool.submit(() -> counter.hit(bucket, 5, now)));
            }
            for (int i = 0; i < 1_000 && counter.waiting() < count; i++) {
                Thread.sleep(10);
            }
            assertEquals(count, counter.waiting(), "the later hits wait while the first is counted");
            return arrived;
        }

        @Override
        public void close() {
            release.countDown();
            pool.shutdownNow();
        }

        @Override
        public long[] get(String key) {
            return rows.get(key);
        }

        @Override
        public boolean putIfAbsent(String key, long[] row) {
            hold();
            return rows.putIfAbsent(key, row) == null;
        }

        @Override
        public boolean replace(String key, long[] seen, long[] next) {
            hold();
            if (failReplaces) {
                throw new IllegalStateException("the grid is unreachable");
            }
            return rows.replace(key, seen, next);
        }

        private void hold() {
            writes.incrementAndGet();
            entered.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long reads() {
        return first.getMap(GridRateCounter.MAP).getLocalMapStats().getGetOperationCount()
                + second.getMap(GridRateCounter.MAP).getLocalMapStats().getGetOperationCount();
    }

    @Test
    void theWindowSlidesAndASilentBucketStartsAfresh() throws Exception {
        long minute = 10 * 60_000;
        for (int i = 0; i < 40; i++) {
            one.hit(bucket("key:slide"), 60, minute + 30_000);
        }
        // 15 s into the next minute: 40 * 45/60 = 30 of the previous minute still count, plus this one.
        assertEquals(60 - 31, two.hit(bucket("key:slide"), 60, minute + 75_000).remaining());
        // Two minutes later nothing of it is left.
        assertEquals(59, one.hit(bucket("key:slide"), 60, minute + 200_000).remaining());
    }

    @Test
    void anInstanceWhoseClockIsBehindCountsIntoTheNewerMinute() throws Exception {
        long minute = 20 * 60_000;
        for (int i = 0; i < 10; i++) {
            one.hit(bucket("key:skew"), 60, minute + 1_000);
        }
        two.hit(bucket("key:skew"), 60, minute - 1_000);
        // The late hit joined the newer minute instead of resetting it: 12 in all.
        assertEquals(60 - 12, one.hit(bucket("key:skew"), 60, minute + 2_000).remaining());
    }

    @Test
    void aCountSurvivesTheMemberThatHeldIt() throws Exception {
        String name = "rate-test-" + UUID.randomUUID();
        HazelcastInstance a = LoopbackGrid.first(name);
        HazelcastInstance b = LoopbackGrid.joining(a, name);
        try {
            long now = 30 * 60_000;
            for (int i = 0; i < 50; i++) {
                new GridRateCounter(i % 2 == 0 ? a : b).hit(bucket("key:survive-" + i % 5), 100, now);
            }
            a.getLifecycleService().terminate(); // a crash: no graceful hand-over of its partitions
            for (int i = 0; i < 5; i++) {
                assertEquals(100 - 11, new GridRateCounter(b).hit(bucket("key:survive-" + i), 100, now).remaining(),
                        "the backup on the survivor kept every count of bucket " + i);
            }
        } finally {
            b.shutdown();
            a.shutdown();
        }
    }

    @Test
    void theGridHoldsOnlyPseudonyms() throws Exception {
        one.hit(bucket("public-ip:203.0.113.10"), 60, 40 * 60_000);
        Set<String> keys = first.<String, long[]>getMap(GridRateCounter.MAP).keySet();
        assertTrue(keys.contains(hex("public-ip:203.0.113.10")));
        assertTrue(keys.stream().allMatch(k -> k.matches("[0-9a-f]{64}")), keys.toString());
    }

    @Test
    void entriesExpireWhenTheyCountNothingAnyMore() {
        assertEquals(GridRateCounter.EXPIRY_SECONDS,
                first.getConfig().getMapConfig(GridRateCounter.MAP).getTimeToLiveSeconds());
        assertTrue(GridRateCounter.EXPIRY_SECONDS >= 2 * SlidingWindow.WINDOW_SECONDS);
    }

    private static String hex(String name) throws Exception {
        return HexFormat.of().formatHex(bucket(name));
    }

    /** A stand-in for RateLimiter's pseudonym: 32 bytes per bucket name. */
    private static byte[] bucket(String name) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
    }
}
