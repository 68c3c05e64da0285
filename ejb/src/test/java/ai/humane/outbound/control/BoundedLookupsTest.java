package ai.humane.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * N2 for the host's lookup: given up at its bound while the system resolver is still waiting, never by waiting for
 * it; an answer kept a few seconds and then asked again; a failure never kept. No lookup here reaches DNS: the
 * resolvers are the test's own. A bound that is not applied shows as the test's guard ({@link #HANGS_FOR}) running
 * out, far above the bounds used.
 */
class BoundedLookupsTest {

    private static final Duration HANGS_FOR = Duration.ofSeconds(20);
    private static final List<InetAddress> ANSWER = List.of(TestAddresses.parse("93.184.216.34"));

    @Test
    void aLookupThatDoesNotAnswerIsGivenUpAtTheCallersBoundNotAwaited() {
        CountDownLatch answers = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        HostResolver silent = host -> {
            awaitUninterruptibly(answers);
            answered.countDown();
            return ANSWER;
        };
        BoundedLookups lookups = new BoundedLookups(silent, Duration.ofHours(1));
        try {
            LookupTimedOut given = assertTimeoutPreemptively(HANGS_FOR,
                    () -> assertThrows(LookupTimedOut.class, () -> lookups.resolve("slow.example", Duration.ofMillis(50))));
            assertTrue(given.getMessage().contains("no answer within 50 ms"), given.getMessage());
            assertEquals(1, answered.getCount(), "the lookup was still waiting, as the system resolver would");
        } finally {
            answers.countDown();
        }
    }

    @Test
    void itsOwnBoundHoldsWhenTheCallerAllowsMore() {
        CountDownLatch answers = new CountDownLatch(1);
        BoundedLookups lookups = new BoundedLookups(host -> {
            awaitUninterruptibly(answers);
            return ANSWER;
        }, Duration.ofMillis(50));
        try {
            assertTimeoutPreemptively(HANGS_FOR,
                    () -> assertThrows(UnknownHostException.class, () -> lookups.resolve("slow.example", Duration.ofHours(1))));
            assertTimeoutPreemptively(HANGS_FOR, () -> assertThrows(UnknownHostException.class, () -> lookups.resolve("slow.example")));
        } finally {
            answers.countDown();
        }
    }

    /**
     * Callers of one host while its lookup is under way share it (one thread stuck per silent host, not one per
     * caller), and an answer that comes after they gave up is kept for the next (broken once each: two lookups; the
     * late answer asked again).
     */
    @Test
    void callersShareAHostsLookupAndALateAnswerIsKept() throws Exception {
        CountDownLatch answers = new CountDownLatch(1);
        AtomicLong asked = new AtomicLong();
        BoundedLookups lookups = new BoundedLookups(host -> {
            asked.incrementAndGet();
            awaitUninterruptibly(answers);
            return ANSWER;
        }, Duration.ofHours(1));
        try {
            assertTimeoutPreemptively(HANGS_FOR, () -> {
                assertThrows(LookupTimedOut.class, () -> lookups.resolve("late.example", Duration.ofMillis(20)));
                assertThrows(LookupTimedOut.class, () -> lookups.resolve("late.example", Duration.ofMillis(20)));
            });
        } finally {
            answers.countDown();
        }
        assertEquals(ANSWER, assertTimeoutPreemptively(HANGS_FOR, () -> {
            for (int tries = 0; tries < 200; tries++) {
                try {
                    return lookups.resolve("late.example", Duration.ofMillis(50));
                } catch (LookupTimedOut notYet) {
                    // the answer is on its way from the lookup thread
                }
            }
            throw new AssertionError("the answer never came, 200 tries of 50 ms");
        }));
        assertEquals(1, asked.get(), "one lookup for the three callers");
        assertEquals(ANSWER, lookups.resolve("late.example", Duration.ZERO), "the late answer was kept");
    }

    @Test
    void noTimeLeftAsksNothing() {
        List<String> asked = new CopyOnWriteArrayList<>();
        BoundedLookups lookups = new BoundedLookups(host -> {
            asked.add(host);
            return ANSWER;
        }, Duration.ofSeconds(5));

        assertThrows(LookupTimedOut.class, () -> lookups.resolve("late.example", Duration.ZERO));
        assertThrows(LookupTimedOut.class, () -> lookups.resolve("late.example", Duration.ofMillis(-1)));
        assertEquals(List.of(), asked);
    }

    @Test
    void anAnswerIsKeptForTenSecondsAndThenAskedAgainOnALookupThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong();
        BoundedLookups lookups = new BoundedLookups(host -> {
            threads.add(Thread.currentThread().getName());
            return ANSWER;
        }, Duration.ofSeconds(5), now::get);

        assertEquals(ANSWER, lookups.resolve("kept.example", Duration.ofSeconds(1)));
        now.addAndGet(BoundedLookups.KEPT.toNanos() - 1);
        assertEquals(ANSWER, lookups.resolve("kept.example", Duration.ZERO), "kept: answered without time to ask");
        assertEquals(List.of("humane-outbound-lookup"), threads, "asked once, on a thread of the lookups'");
        now.addAndGet(1);
        assertEquals(ANSWER, lookups.resolve("kept.example", Duration.ofSeconds(1)));
        assertEquals(2, threads.size(), "asked again once the answer was ten seconds old");
        assertNotEquals(Thread.currentThread().getName(), threads.get(1));
    }

    @Test
    void aFailureIsNotKeptAndReachesTheCallerAsItWas() throws Exception {
        AtomicLong calls = new AtomicLong();
        BoundedLookups lookups = new BoundedLookups(host -> {
            if (calls.incrementAndGet() == 1) {
                throw new UnknownHostException(host + " is not known");
            }
            if (calls.get() == 2) {
                throw new IllegalStateException("a resolver bug");
            }
            return ANSWER;
        }, Duration.ofSeconds(5));

        assertEquals("flaky.example is not known",
                assertThrows(UnknownHostException.class, () -> lookups.resolve("flaky.example")).getMessage());
        assertEquals("a resolver bug", assertThrows(IllegalStateException.class, () -> lookups.resolve("flaky.example")).getMessage());
        assertEquals(ANSWER, lookups.resolve("flaky.example"));
        assertEquals(3, calls.get());
    }

    /** As the JDK's lookup waits for the system resolver: an interrupt does not end it. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
