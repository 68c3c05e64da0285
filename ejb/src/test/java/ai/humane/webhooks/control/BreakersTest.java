package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-endpoint bulkhead and circuit breaker, on a clock the test moves. */
class BreakersTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-29T00:00:00Z"));

    @Test
    void opensAfterFiveFailuresInARowForTheCoolDownOnly() {
        Breakers breakers = new Breakers(5, Duration.ofSeconds(30), clock);
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            breakers.record(dead, false);
        }
        breakers.record(alive, true);
        assertEquals(Set.of(), breakers.open());

        breakers.record(dead, false);
        assertEquals(Set.of(dead), breakers.open());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Set.of(), breakers.open(), "half open: one more try may go");

        breakers.record(dead, false);
        assertEquals(Set.of(dead), breakers.open(), "a failed trial opens it again");
        breakers.record(dead, true);
        assertEquals(Set.of(), breakers.open());
    }

    @Test
    void aSuccessResetsTheCount() {
        Breakers breakers = new Breakers(3, Duration.ofSeconds(30), clock);
        UUID endpoint = UUID.randomUUID();
        breakers.record(endpoint, false);
        breakers.record(endpoint, false);
        breakers.record(endpoint, true);
        breakers.record(endpoint, false);
        breakers.record(endpoint, false);
        assertEquals(Set.of(), breakers.open());
    }

    @Test
    void aLaneHoldsAtMostItsWidthPerEndpoint() {
        Lanes lanes = new Lanes(2);
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertTrue(lanes.enter(slow));
        assertTrue(lanes.enter(slow));
        assertFalse(lanes.enter(slow));
        assertTrue(lanes.enter(other), "a full lane does not block another endpoint");
        assertEquals(Set.of(slow), lanes.full());
        lanes.leave(slow);
        assertEquals(Set.of(), lanes.full());
        assertTrue(lanes.enter(slow));
    }
}
