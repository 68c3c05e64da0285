package ai.humane.webhooks.control;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A bulkhead per endpoint: at most {@code width} deliveries to one endpoint are in flight at once, so a slow
 * or hanging receiver ties up its own lane and never the threads that deliver to everyone else. Thread-safe.
 */
public final class Lanes {

    private final int width;
    private final ConcurrentHashMap<UUID, Integer> inFlight = new ConcurrentHashMap<>();

    public Lanes(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a lane is at least one delivery wide");
        }
        this.width = width;
    }

    /** Takes a place in the endpoint's lane; false when it is full. */
    public boolean enter(UUID endpoint) {
        boolean[] entered = {false};
        inFlight.compute(endpoint, (id, busy) -> {
            int now = busy == null ? 0 : busy;
            entered[0] = now < width;
            return entered[0] ? now + 1 : now;
        });
        return entered[0];
    }

    public void leave(UUID endpoint) {
        inFlight.computeIfPresent(endpoint, (id, busy) -> busy <= 1 ? null : busy - 1);
    }

    /** Endpoints whose lane is full: the next claim leaves their deliveries where they are. */
    public Set<UUID> full() {
        return inFlight.entrySet().stream().filter(lane -> lane.getValue() >= width).map(java.util.Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
