package ai.humane.sso.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Providers' parsed documents by issuer, each kept for {@code keep} and weighed by the length of the text it was parsed
 * from; past {@code budget} characters in all, the least recently used go first. Which issuers exist is up to the
 * tenants (an owner names any issuer in a connection, and may change it), so without a bound every issuer ever asked
 * for stayed on the heap for the process's life (S5; a read-only review of 2026-12-07).
 */
final class DocumentCache<V> {

    private record Entry<V>(V value, Instant fetchedAt, int weight) {
    }

    private final Duration keep;
    private final long budget;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    DocumentCache(Duration keep, long budget) {
        this.keep = keep;
        this.budget = budget;
    }

    /** The value kept for {@code issuer} and when it was fetched, unless it is older than the cache keeps. */
    synchronized Optional<Kept<V>> get(String issuer, Instant now) {
        Entry<V> entry = entries.get(issuer);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.fetchedAt().plus(keep).isAfter(now)) {
            remove(issuer);
            return Optional.empty();
        }
        return Optional.of(new Kept<>(entry.value(), entry.fetchedAt()));
    }

    /** Keeps {@code value}, parsed from {@code characters} of text, then drops the least recently used past the budget. */
    synchronized void put(String issuer, V value, Instant fetchedAt, int characters) {
        remove(issuer);
        entries.put(issuer, new Entry<>(value, fetchedAt, characters));
        weight += characters;
        Iterator<Map.Entry<String, Entry<V>>> eldest = entries.entrySet().iterator();
        while (weight > budget && eldest.hasNext()) {
            Map.Entry<String, Entry<V>> next = eldest.next();
            if (next.getKey().equals(issuer)) {
                continue;
            }
            weight -= next.getValue().weight();
            eldest.remove();
        }
    }

    /** The characters of text behind what is kept now. */
    synchronized long weight() {
        return weight;
    }

    private void remove(String issuer) {
        Entry<V> gone = entries.remove(issuer);
        if (gone != null) {
            weight -= gone.weight();
        }
    }

    record Kept<V>(V value, Instant fetchedAt) {
    }
}
