package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The secrets a claimed delivery is signed with (W1, K2). */
class ClaimedDeliveryTest {

    /**
     * A rotation's previous secret signs until its overlap ends, also for a delivery claimed while it still signed: a
     * claim waits for its lane up to half a lease. Broken once: signed with the secrets as claimed, the previous one
     * still signed after its overlap.
     */
    @Test
    void thePreviousSecretStopsSigningAsItsOverlapEnds() {
        Instant until = Instant.parse("2026-12-06T12:00:00Z");
        ClaimedDelivery delivery = new ClaimedDelivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 0, null,
                UUID.randomUUID(), "webhook.test", "{}", UUID.randomUUID(), "https://hooks.example.test",
                List.of("new", "previous"), until, 1);

        assertEquals(List.of("new", "previous"), delivery.sealedSecretsAt(until.minusMillis(1)));
        assertEquals(List.of("new"), delivery.sealedSecretsAt(until));
    }
}
