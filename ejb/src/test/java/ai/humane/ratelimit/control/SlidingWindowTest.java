package ai.humane.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final long MINUTE = 60_000;

    @Test
    void allowsUpToTheCeilingWithinOneWindow() {
        assertTrue(SlidingWindow.judge(60, 0, 60, 10 * MINUTE + 1_000).allowed());
        SlidingWindow.Verdict over = SlidingWindow.judge(60, 0, 61, 10 * MINUTE + 1_000);
        assertFalse(over.allowed());
        assertEquals(0, over.remaining());
        assertEquals(59, over.resetSeconds());
    }

    @Test
    void aBurstAtTheBoundaryCannotPassTwiceTheCeiling() {
        // 60 hits at the end of one minute, then the start of the next: the previous window still weighs ~1.
        assertFalse(SlidingWindow.judge(60, 60, 1, 11 * MINUTE + 500).allowed());
        // Half-way through the next minute half of the previous window has slid out.
        assertTrue(SlidingWindow.judge(60, 60, 30, 11 * MINUTE + 30_000).allowed());
        assertFalse(SlidingWindow.judge(60, 60, 31, 11 * MINUTE + 30_000).allowed());
    }

    @Test
    void retryAfterIsWhenOneMoreRequestFits() {
        // Refused in the current window with nothing before: wait into the next window.
        SlidingWindow.Verdict refused = SlidingWindow.judge(60, 0, 61, 10 * MINUTE + 10_000);
        long retry = refused.retryAfterSeconds();
        assertTrue(retry >= 50 && retry <= 52, "retry " + retry);
        long then = 10 * MINUTE + 10_000 + retry * 1000;
        assertTrue(SlidingWindow.judge(60, 61, 1, then).allowed(), "allowed after Retry-After");
        // Refused because of the previous window: it slides out within this one.
        SlidingWindow.Verdict sliding = SlidingWindow.judge(60, 60, 30, 11 * MINUTE + 20_000);
        assertFalse(sliding.allowed());
        long wait = sliding.retryAfterSeconds();
        assertTrue(SlidingWindow.judge(60, 60, 30, 11 * MINUTE + 20_000 + wait * 1000).allowed(), "wait " + wait);
    }
}
