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
        guards.leave(dead, 0, outcome(200));
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
        guards.leave(endpoint);
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
        lanes.leave(slow, 0, outcome(200));
        assertEquals(Set.of(), lanes.full());
        assertTrue(lanes.enter(slow));
    }

    /**
     * A change of the endpoint (a new URL: its generation moves, on this instance or told by another's notice) leaves
     * the breaker that failures at the old URL opened behind: the new URL is tried at once, not after the cool-down.
     */
    @Test
    void aChangeOfTheEndpointGivesItAFreshBreaker() {
        EndpointChanges changes = new EndpointChanges();
        EndpointGuards guards = new EndpointGuards(2, 5, Duration.ofSeconds(30), clock, changes);
        UUID here = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            tryOnce(guards, here, 3, 500);
            tryOnce(guards, elsewhere, 3, 500);
        }
        assertEquals(Set.of(here, elsewhere), guards.open());

        changes.committed(here, 4);
        changes.heard(EndpointChanges.notice(elsewhere, 4));
        assertEquals(Set.of(), guards.open(), "no cool-down for the new URL");
        assertTrue(guards.enter(here), "the new URL is tried at once");
        guards.leave(here, 4, outcome(500));
        for (int i = 0; i < 3; i++) {
            tryOnce(guards, here, 4, 500);
            tryOnce(guards, elsewhere, 4, 500);
        }
        assertEquals(Set.of(), guards.open(), "the new URL's failures are counted from zero");
        tryOnce(guards, here, 4, 500);
        assertEquals(Set.of(here), guards.open());
    }

    /**
     * A try claimed before the change, still on the wire at the old URL, ends after it: its failure does not count
     * toward the new URL's breaker, nor does its success close it.
     */
    @Test
    void aLateOutcomeOfATryClaimedBeforeTheChangeCountsForNothing() {
        EndpointChanges changes = new EndpointChanges();
        EndpointGuards guards = new EndpointGuards(4, 2, Duration.ofSeconds(30), clock, changes);
        UUID endpoint = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertTrue(guards.enter(endpoint), "a try claimed at the old URL");
        }
        changes.committed(endpoint, 1);

        guards.leave(endpoint, 0, outcome(500));
        tryOnce(guards, endpoint, 1, 500);
        assertEquals(Set.of(), guards.open(), "the old URL's late failure before the new URL's counted for nothing");
        guards.leave(endpoint, 0, outcome(500));
        assertEquals(Set.of(), guards.open(), "nor after it");
        tryOnce(guards, endpoint, 1, 500);
        assertEquals(Set.of(endpoint), guards.open(), "two failures in a row at the new URL");
        guards.leave(endpoint, 0, outcome(200));
        assertEquals(Set.of(endpoint), guards.open(), "the old URL's late success closed nothing");
        assertEquals(Set.of(), guards.full(), "every place is given back");

        clock.advance(Duration.ofSeconds(31));
        assertTrue(guards.enter(endpoint), "half open: the trial");
        assertFalse(guards.enter(endpoint), "the trial alone");
        guards.leave(endpoint, 1, outcome(200));
        assertEquals(Set.of(), guards.open(), "the trial at the new URL closes it");
    }

    private static void tryOnce(EndpointGuards guards, UUID endpoint, long generation, int status) {
        assertTrue(guards.enter(endpoint), "the guards let the try go");
        guards.leave(endpoint, generation, outcome(status));
    }

    private static void tryOnce(EndpointGuards guards, UUID endpoint, int status) {
        tryOnce(guards, endpoint, 0, status);
    }

    private static Outcome outcome(int status) {
        return new Outcome(Instant.EPOCH, status, Duration.ofMillis(5), null, "", Optional.empty());
    }
}
