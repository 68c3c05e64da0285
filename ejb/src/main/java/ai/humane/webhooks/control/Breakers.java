package ai.humane.webhooks.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A circuit breaker per endpoint. After {@code threshold} failed tries in a row the endpoint's deliveries
 * stay unclaimed for {@code coolDown} (they are not tried, so no attempt is counted and the retry schedule
 * is unchanged); then one try decides: a success closes the breaker, a failure opens it again. MicroProfile
 * Fault Tolerance keys its breakers by method, not by receiver, hence this small one. Thread-safe.
 */
public final class Breakers {

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, State> states = new ConcurrentHashMap<>();

    public Breakers(int threshold, Duration coolDown, Clock clock) {
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    public void record(UUID endpoint, boolean succeeded) {
        if (succeeded) {
            states.remove(endpoint);
            return;
        }
        states.compute(endpoint, (id, state) -> {
            int failures = state == null ? 1 : state.failures() + 1;
            Instant openUntil = failures >= threshold ? clock.instant().plus(coolDown) : null;
            return new State(failures, openUntil);
        });
    }

    /** Endpoints whose breaker is open now: their deliveries are left for later. */
    public Set<UUID> open() {
        Instant now = clock.instant();
        return states.entrySet().stream()
                .filter(entry -> entry.getValue().openUntil() != null && now.isBefore(entry.getValue().openUntil()))
                .map(java.util.Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    private record State(int failures, Instant openUntil) {
    }
}
