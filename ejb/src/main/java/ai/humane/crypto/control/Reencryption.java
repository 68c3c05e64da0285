package ai.humane.crypto.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Moves stored tokens forward to the first key of the ring (K3), so that an old key can leave FERNET_KEYS.
 * Pure: it is handed rows and says what to write; the job that reads and updates the tables owns the
 * transaction. A row that no key opens is reported, never dropped or overwritten: the data may still be
 * recoverable with a key that was removed too early.
 */
public final class Reencryption {

    private final KeyRing keyRing;

    public Reencryption(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    }

    /** A stored encrypted field: the row's id and its token. */
    public record StoredToken(UUID id, String token) {

        public StoredToken {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String toString() {
            return "StoredToken[id=" + id + "]";
        }
    }

    /**
     * Every input row lands in exactly one list.
     *
     * @param moved      rows to update, with their token re-encrypted under the first key
     * @param current    ids of rows already under the first key: nothing to write
     * @param unreadable ids of rows no key opens: to alert on, never to delete
     */
    public record Outcome(List<StoredToken> moved, List<UUID> current, List<UUID> unreadable) {

        public Outcome {
            moved = List.copyOf(moved);
            current = List.copyOf(current);
            unreadable = List.copyOf(unreadable);
        }
    }

    public Outcome moveForward(List<StoredToken> rows) {
        List<StoredToken> moved = new ArrayList<>();
        List<UUID> current = new ArrayList<>();
        List<UUID> unreadable = new ArrayList<>();
        for (StoredToken row : rows) {
            try {
                if (keyRing.needsRotation(row.token())) {
                    moved.add(new StoredToken(row.id(), keyRing.reencrypt(row.token())));
                } else {
                    current.add(row.id());
                }
            } catch (TokenNotDecryptable e) {
                unreadable.add(row.id());
            }
        }
        return new Outcome(moved, current, unreadable);
    }
}
