package ai.humane.crypto.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.humane.crypto.control.Reencryption.Outcome;
import ai.humane.crypto.control.Reencryption.StoredToken;

class ReencryptionTest {

    private static final String OLD = KeyRing.generateKey();
    private static final String NEW = KeyRing.generateKey();
    private static final String REMOVED = KeyRing.generateKey();

    private final KeyRing ring = new KeyRing(NEW + "," + OLD);

    @Test
    void movesRowsUnderAnOlderKeyForwardAndLeavesCurrentRowsAlone() {
        StoredToken old = row(new KeyRing(OLD).encrypt("refresh-token-a"));
        StoredToken current = row(ring.encrypt("provider-key-b"));

        Outcome outcome = new Reencryption(ring).moveForward(List.of(old, current));

        assertEquals(List.of(old.id()), outcome.moved().stream().map(StoredToken::id).toList());
        assertEquals("refresh-token-a", new KeyRing(NEW).decrypt(outcome.moved().get(0).token()));
        assertFalse(ring.needsRotation(outcome.moved().get(0).token()));
        assertEquals(List.of(current.id()), outcome.current());
        assertEquals(List.of(), outcome.unreadable());
    }

    @Test
    void reportsRowsThatNoKeyOpensInsteadOfDroppingThem() {
        StoredToken lost = row(new KeyRing(REMOVED).encrypt("refresh-token-c"));
        StoredToken garbage = row("not a token");
        StoredToken missing = row(null);
        StoredToken old = row(new KeyRing(OLD).encrypt("refresh-token-d"));

        Outcome outcome = new Reencryption(ring).moveForward(List.of(lost, garbage, missing, old));

        assertEquals(List.of(lost.id(), garbage.id(), missing.id()), outcome.unreadable());
        assertEquals(List.of(old.id()), outcome.moved().stream().map(StoredToken::id).toList());
        assertEquals(4, outcome.moved().size() + outcome.current().size() + outcome.unreadable().size());
    }

    @Test
    void neverPrintsATokenWithItsRow() {
        StoredToken stored = row(ring.encrypt("secret"));

        assertFalse(stored.toString().contains(stored.token()));
    }

    private static StoredToken row(String token) {
        return new StoredToken(UUID.randomUUID(), token);
    }
}
