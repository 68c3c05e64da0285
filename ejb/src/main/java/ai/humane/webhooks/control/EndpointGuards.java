package ai.humane.webhooks.control;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A circuit breaker and a bulkhead (a lane) per endpoint, from Resilience4j, keyed by endpoint id: a receiver that
 * fails or hangs trips its own breaker and fills its own lane, and every other endpoint goes on. MicroProfile
 * Fault Tolerance keys both by method, not by receiver. Per instance, like the engine guards. Thread-safe.
 *
 * <p>Breaker: after {@code threshold} failed tries in a row (a count-based window of {@code threshold} calls,
 * all failed) the endpoint's deliveries stay unclaimed for {@code coolDown} on {@code clock}; they are not tried,
 * so no attempt is counted and the retry schedule is unchanged. Then one try decides: a success closes it, a
 * failure opens it again. Lane: at most {@code width} deliveries in flight, never waiting.
 *
 * <p>Only endpoints with something to remember are held, as before: a lane while a delivery is in flight (it is
 * dropped, atomically, as the last one leaves), a breaker while the endpoint's last try failed (a success drops
 * it: a fresh breaker is what a success leaves behind, failures counted from zero).
 */
public final class EndpointGuards {

    private final int width;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadConfig lane;
    private final ConcurrentHashMap<UUID, Bulkhead> lanes = new ConcurrentHashMap<>();

    public EndpointGuards(int width, int threshold, Duration coolDown, Clock clock) {
        if (width < 1) {
            throw new IllegalArgumentException("a lane is at least one delivery wide");
        }
        this.width = width;
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100).waitDurationInOpenState(coolDown).permittedNumberOfCallsInHalfOpenState(1)
                .recordResult(result -> !((Outcome) result).succeeded()).clock(clock).build());
        lane = BulkheadConfig.custom().maxConcurrentCalls(width).maxWaitDuration(Duration.ZERO).build();
    }

    /**
     * Takes a place in the endpoint's lane and its breaker's permission (when half open, the one trial); false
     * when either refuses, and then nothing is held.
     */
    public boolean enter(UUID endpoint) {
        boolean[] entered = {false};
        lanes.compute(endpoint, (id, bulkhead) -> {
            Bulkhead taken = bulkhead == null ? Bulkhead.of(id.toString(), lane) : bulkhead;
            entered[0] = taken.tryAcquirePermission();
            return taken;
        });
        // No breaker is a closed one with no failure since the last success: nothing to ask, nothing to create.
        if (entered[0] && !breakers.find(endpoint.toString()).map(CircuitBreaker::tryAcquirePermission).orElse(true)) {
            free(endpoint);
            return false;
        }
        return entered[0];
    }

    /**
     * Leaves the endpoint's lane after a try: its outcome goes to the breaker; null when the delivery went back
     * untried, and then the breaker's permission goes back too.
     */
    public void leave(UUID endpoint, Outcome outcome) {
        String name = endpoint.toString();
        if (outcome == null) {
            breakers.find(name).ifPresent(CircuitBreaker::releasePermission);
        } else if (outcome.succeeded()) {
            breakers.remove(name);
        } else {
            long latency = outcome.latency() == null ? 0 : outcome.latency().toNanos();
            breakers.circuitBreaker(name).onResult(latency, TimeUnit.NANOSECONDS, outcome);
        }
        free(endpoint);
    }

    /** Endpoints whose lane is full: the next claim leaves their deliveries where they are. */
    public Set<UUID> full() {
        return lanes.entrySet().stream().filter(entry -> entry.getValue().getMetrics().getAvailableConcurrentCalls() == 0)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Endpoints whose breaker lets no try through now (open and cooling down, or half open with its trial in
     * flight): their deliveries are left for later. An open breaker past its cool-down turns half open here.
     */
    public Set<UUID> open() {
        return breakers.getAllCircuitBreakers().stream()
                .filter(breaker -> breaker.getState() != CircuitBreaker.State.CLOSED && !mayTry(breaker))
                .map(breaker -> UUID.fromString(breaker.getName())).collect(Collectors.toUnmodifiableSet());
    }

    private static boolean mayTry(CircuitBreaker breaker) {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    private void free(UUID endpoint) {
        lanes.computeIfPresent(endpoint, (id, bulkhead) -> {
            bulkhead.onComplete();
            return bulkhead.getMetrics().getAvailableConcurrentCalls() >= width ? null : bulkhead;
        });
    }
}
