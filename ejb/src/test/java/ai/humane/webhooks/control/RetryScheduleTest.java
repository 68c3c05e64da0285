package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.MovingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** W3 with a clock the test sets: no sleeps. */
class RetryScheduleTest {

    private static final Instant FIRST = Instant.parse("2026-11-29T00:00:00Z");

    @Test
    void waitsOneFourSixteenSixtyFourTwoFiftySixSecondsThenTimesFourUpToFourHours() {
        long[] expected = {1, 4, 16, 64, 256, 1024, 4096, 14_400, 14_400, 14_400};
        for (int failures = 1; failures <= expected.length; failures++) {
            assertEquals(Duration.ofSeconds(expected[failures - 1]), RetrySchedule.delay(failures), "after " + failures);
        }
        assertEquals(RetrySchedule.CEILING, RetrySchedule.delay(Integer.MAX_VALUE));
    }

    @Test
    void theNextTryIsTheDelayFromNow() {
        Instant now = FIRST.plusSeconds(5);
        assertEquals(Optional.of(now.plusSeconds(16)), at(now).next(FIRST, 3, Optional.empty()));
    }

    @Test
    void neverSchedulesPastTwentyFourHoursAfterTheFirstTry() {
        Instant now = FIRST.plus(Duration.ofHours(23)).plusSeconds(1800);
        assertEquals(Optional.of(FIRST.plus(RetrySchedule.CUT_OFF)), at(now).next(FIRST, 12, Optional.empty()));
    }

    @Test
    void givesUpOnceTwentyFourHoursHavePassed() {
        assertEquals(Optional.empty(), at(FIRST.plus(RetrySchedule.CUT_OFF)).next(FIRST, 13, Optional.empty()));
        assertEquals(Optional.empty(), at(FIRST.plus(Duration.ofDays(3))).next(FIRST, 2, Optional.empty()));
    }

    @Test
    void aFullRunOfFailuresEndsWithinTheCutOff() {
        MovingClock clock = new MovingClock(FIRST);
        RetrySchedule schedule = new RetrySchedule(clock);
        int failures = 0;
        Optional<Instant> next = Optional.of(FIRST);
        while (next.isPresent()) {
            clock.set(next.get());
            failures++;
            next = schedule.next(FIRST, failures, Optional.empty());
            next.ifPresent(at -> assertTrue(!at.isAfter(FIRST.plus(RetrySchedule.CUT_OFF)), at.toString()));
        }
        assertEquals(FIRST.plus(RetrySchedule.CUT_OFF), clock.instant(), "the last try is at the cut-off");
        assertEquals(14, failures, "8 tries to reach the ceiling, 5 more 4 h apart, the last at the cut-off");
    }

    @Test
    void retryAfterMayLengthenTheWaitButNotShortenItNorPassTheCeiling() {
        Instant now = FIRST.plusSeconds(10);
        RetrySchedule schedule = at(now);
        assertEquals(Optional.of(now.plusSeconds(120)), schedule.next(FIRST, 1, Optional.of(Duration.ofSeconds(120))));
        assertEquals(Optional.of(now.plusSeconds(64)), schedule.next(FIRST, 4, Optional.of(Duration.ofSeconds(2))));
        assertEquals(Optional.of(now.plus(RetrySchedule.CEILING)), schedule.next(FIRST, 1, Optional.of(Duration.ofDays(2))));
    }

    @Test
    void readsRetryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(30)), Sender.retryAfter("30", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), Sender.retryAfter("Sun, 29 Nov 2026 10:01:30 GMT", now));
        assertEquals(Optional.empty(), Sender.retryAfter("soon", now));
        assertEquals(Optional.empty(), Sender.retryAfter("-5", now));
    }

    private static RetrySchedule at(Instant now) {
        return new RetrySchedule(Clock.fixed(now, ZoneOffset.UTC));
    }
}
