package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.LoopbackGrid;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the lanes know of endpoint changes (W1, W3): a change committed on one instance outdates the claims of the
 * endpoint there at once, and on another member of the grid as soon as its notice arrives; two real Hazelcast members
 * on loopback ({@link LoopbackGrid}) stand for two instances.
 */
class EndpointChangesTest {

    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static EndpointChanges one;
    private static EndpointChanges two;

    @BeforeAll
    static void cluster() {
        String name = "endpoint-changes-test-" + UUID.randomUUID();
        first = LoopbackGrid.first(name);
        second = LoopbackGrid.joining(first, name);
        assertEquals(2, first.getCluster().getMembers().size(), "the two members formed one cluster");
        one = EndpointChanges.onGrid(first);
        two = EndpointChanges.onGrid(second);
    }

    @AfterAll
    static void stop() {
        second.shutdown();
        first.shutdown();
    }

    /**
     * A change committed on one instance outdates that instance's claims of the endpoint at once, and the other's as
     * soon as the grid's notice arrives (within 10 s here, milliseconds in practice); a claim that read the change, or
     * one of another endpoint, is not outdated. Broken once: with the notice not published, the second member's claim
     * stayed current.
     */
    @Test
    void aChangeCommittedOnOneInstanceOutdatesTheClaimsOfTheOther() throws InterruptedException {
        UUID endpoint = UUID.randomUUID();
        ClaimedDelivery before = claimed(endpoint, 3);

        one.committed(endpoint, 4);

        assertTrue(one.outdated(before), "known where it was committed as soon as it is");
        within(() -> two.outdated(before));
        assertFalse(two.outdated(claimed(endpoint, 4)), "a claim that read the change is sent");
        assertFalse(two.outdated(claimed(UUID.randomUUID(), 0)), "another endpoint's claims are sent");
    }

    /** A deleted endpoint outdates every claim of it; an older notice arriving late undoes nothing. */
    @Test
    void aDeletionOutdatesEveryClaimAndALateOlderNoticeUndoesNothing() throws InterruptedException {
        UUID endpoint = UUID.randomUUID();
        two.committed(endpoint, EndpointChanges.GONE);
        within(() -> one.outdated(claimed(endpoint, Long.MAX_VALUE - 1)));

        one.heard(EndpointChanges.notice(endpoint, 7));
        two.committed(endpoint, 7);

        for (EndpointChanges changes : List.of(one, two)) {
            assertTrue(changes.outdated(claimed(endpoint, 8)), "still gone");
        }
    }

    /** Without a grid (a single instance, or clustering off) a change holds on the instance that committed it. */
    @Test
    void withoutAGridAChangeHoldsWhereItWasCommitted() {
        EndpointChanges alone = new EndpointChanges();
        UUID endpoint = UUID.randomUUID();
        assertFalse(alone.outdated(claimed(endpoint, 0)));
        alone.committed(endpoint, 1);
        assertTrue(alone.outdated(claimed(endpoint, 0)));
        alone.heard("not a notice");
        alone.heard(null);
        assertTrue(alone.outdated(claimed(endpoint, 0)), "a malformed notice is ignored");
    }

    private static ClaimedDelivery claimed(UUID endpoint, long generation) {
        return new ClaimedDelivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 0, null, UUID.randomUUID(),
                "webhook.test", "{}", endpoint, "https://hooks.example.test", List.of("sealed"), null, generation);
    }

    /** Waits (10 s at most) until the condition holds. */
    private static void within(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not heard within 10 s");
            Thread.sleep(10);
        }
    }
}
