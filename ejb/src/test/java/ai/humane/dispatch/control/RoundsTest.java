package ai.humane.dispatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The claim rounds the webhook, LLM analysis and mail dispatchers share: one at a time, none lost. */
class RoundsTest {

    @Test
    void eachAskWithNoRoundRunningRunsOneOnTheCallersThread() {
        List<Thread> ranOn = new ArrayList<>();
        Rounds rounds = new Rounds(() -> ranOn.add(Thread.currentThread()));
        rounds.ask();
        rounds.ask();
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), ranOn);
    }

    /**
     * Asks while a round is under way return at once, and all of them together make one more round (broken once: a
     * caller that found a round running skipped, and the round ran once).
     */
    @Test
    void asksDuringARoundReturnAtOnceAndMakeOneMoreRound() throws InterruptedException {
        CountDownLatch inFirstRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        Rounds turns = new Rounds(() -> {
            if (rounds.incrementAndGet() == 1) {
                inFirstRound.countDown();
                awaitQuietly(release);
            }
        });
        Thread first = new Thread(turns::ask);
        first.start();
        assertTrue(inFirstRound.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            turns.ask();
        }
        assertEquals(1, rounds.get(), "no ask ran a round beside the one under way");
        release.countDown();
        first.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(first.isAlive());
        assertEquals(2, rounds.get());
    }

    @Test
    void aRoundThatThrowsEndsTheRunAndTheNextAskStartsAfresh() {
        AtomicInteger rounds = new AtomicInteger();
        Rounds turns = new Rounds(() -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("first round fails");
            }
        });
        assertThrows(IllegalStateException.class, turns::ask);
        turns.ask();
        assertEquals(2, rounds.get());
    }

    /**
     * Every ask is followed by a round that starts after it, however the threads interleave. In each of 2,000 steps
     * four callers count a piece of work in and ask; a round takes in all work counted so far; once every caller of
     * the step is back (no round runs then), nothing counted is left out (broken once: the asks served were counted
     * after the round instead of before it, and work counted during a step's last round was left behind).
     */
    @Test
    void noAskIsLostAmongConcurrentCallers() throws InterruptedException {
        AtomicLong counted = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        Rounds rounds = new Rounds(() -> {
            taken.set(counted.get());
            for (int i = 0; i < 2_000; i++) {
                Thread.onSpinWait(); // a round takes a while, so callers count work in during it
            }
        });
        AtomicInteger stepsLeavingWorkBehind = new AtomicInteger();
        CyclicBarrier stepEnd = new CyclicBarrier(4, () -> {
            if (taken.get() != counted.get()) {
                stepsLeavingWorkBehind.incrementAndGet();
                taken.set(counted.get());
            }
        });
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            callers.add(new Thread(() -> {
                try {
                    for (int step = 0; step < 2_000; step++) {
                        counted.incrementAndGet();
                        rounds.ask();
                        stepEnd.await(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(caller.isAlive());
        }
        assertEquals(8_000, counted.get(), "every step ran");
        assertEquals(0, stepsLeavingWorkBehind.get(), "steps that ended with work counted in and no round for it");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
