package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-endpoint bulkhead and circuit breaker (Resilience4j), on a clock the test moves. */
class EndpointGuardsTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-29T00:00:00Z"));

    @Test
    void opensAfterFiveFailuresInARowForTheCoolDownOnly() {
        EndpointGuards guards = new EndpointGuards(2, 5, Duration.ofSeconds(30), clock);
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            tryOnce(guards, dead, 500);
        }
        tryOnce(guards, alive, 200);
        assertEquals(Set.of(), guards.open());

        assertTrue(guards.enter(dead), "a try that is still in flight when the breaker opens");
        tryOnce(guards, dead, 500);
        assertEquals(Set.of(dead), guards.open());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Set.of(), guards.open(), "half open: one more try may go");

        tryOnce(guards, dead, 500);
        assertEquals(Set.of(dead), guards.open(), "a failed trial opens it again");
        guards.leave(dead, outcome(200));
        assertEquals(Set.of(), guards.open());
    }

    @Test
    void aSuccessResetsTheCount() {
        EndpointGuards guards = new EndpointGuards(2, 3, Duration.ofSeconds(30), clock);
        UUID endpoint = UUID.randomUUID();
        tryOnce(guards, endpoint, 500);
        tryOnce(guards, endpoint, 500);
        tryOnce(guards, endpoint, 200);
        tryOnce(guards, endpoint, 500);
        tryOnce(guards, endpoint, 500);
        assertEquals(Set.of(), guards.open());
        tryOnce(guards, endpoint, 500);
        assertEquals(Set.of(endpoint), guards.open(), "three in a row after the success");
    }

    @Test
    void anOpenBreakerRefusesAndAHalfOpenOneLetsOneTryDecide() {
        EndpointGuards guards = new EndpointGuards(2, 1, Duration.ofSeconds(30), clock);
        UUID endpoint = UUID.randomUUID();
        tryOnce(guards, endpoint, 503);
        assertFalse(guards.enter(endpoint), "open: not tried");
        assertEquals(Set.of(), guards.full(), "a refused try holds no place in the lane");
        clock.advance(Duration.ofSeconds(31));
        assertTrue(guards.enter(endpoint));
        assertFalse(guards.enter(endpoint), "half open: the trial alone");
        assertEquals(Set.of(endpoint), guards.open(), "the trial is in flight");
        guards.leave(endpoint, null);
        assertEquals(Set.of(), guards.open(), "an untried delivery hands the trial back");
        tryOnce(guards, endpoint, 200);
        assertTrue(guards.enter(endpoint));
        assertTrue(guards.enter(endpoint), "closed again: the whole lane");
    }

    @Test
    void aLaneHoldsAtMostItsWidthPerEndpoint() {
        EndpointGuards lanes = new EndpointGuards(2, 5, Duration.ofSeconds(30), clock);
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertTrue(lanes.enter(slow));
        assertTrue(lanes.enter(slow));
        assertFalse(lanes.enter(slow));
        assertTrue(lanes.enter(other), "a full lane does not block another endpoint");
        assertEquals(Set.of(slow), lanes.full());
        lanes.leave(slow, outcome(200));
        assertEquals(Set.of(), lanes.full());
        assertTrue(lanes.enter(slow));
    }

    private static void tryOnce(EndpointGuards guards, UUID endpoint, int status) {
        assertTrue(guards.enter(endpoint), "the guards let the try go");
        guards.leave(endpoint, outcome(status));
    }

    private static Outcome outcome(int status) {
        return new Outcome(Instant.EPOCH, status, Duration.ofMillis(5), null, "", Optional.empty());
    }
}
