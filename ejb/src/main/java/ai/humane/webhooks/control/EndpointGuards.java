package ai.humane.webhooks.control;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
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
 * <p>A breaker guards the endpoint at one generation (V45), the one its tries were claimed at: a change of the
 * endpoint (re-pointed, enabled, its secret rotated, deleted), told by {@link EndpointChanges} on this instance or
 * heard from another, leaves it behind, and the endpoint as it is now starts with a fresh one, failures counted from
 * zero. The outcome of a try claimed before the change (a request on the wire at the old URL) neither opens, closes nor
 * counts toward it, as it neither starts nor ends the failing spell (V51). Before 2026-12-06 the breaker that failures
 * at the old URL opened held the first deliveries to the new one back for its cool-down, and a late failure at the
 * old URL counted toward the breaker of the new.
 *
 * <p>Only endpoints with something to remember are held, as before: a lane while a delivery is in flight (it is
 * dropped, atomically, as the last one leaves), a breaker while the endpoint's last try failed (a success drops
 * it: a fresh breaker is what a success leaves behind, failures counted from zero) and the endpoint did not change
 * since.
 */
public final class EndpointGuards {

    private final int width;
    private final CircuitBreakerConfig breaker;
    private final BulkheadConfig lane;
    private final EndpointChanges changes;
    private final ConcurrentHashMap<UUID, Bulkhead> lanes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Guarded> breakers = new ConcurrentHashMap<>();

    /** An endpoint's breaker, and the generation of the endpoint it guards. */
    private record Guarded(long generation, CircuitBreaker breaker) {
    }

    /** Guards told of no change of an endpoint: for tests of the guards alone. */
    public EndpointGuards(int width, int threshold, Duration coolDown, Clock clock) {
        this(width, threshold, coolDown, clock, new EndpointChanges());
    }

    /** Guards whose breakers start afresh when {@code changes} tells of a later generation of their endpoint. */
    public EndpointGuards(int width, int threshold, Duration coolDown, Clock clock, EndpointChanges changes) {
        if (width < 1) {
            throw new IllegalArgumentException("a lane is at least one delivery wide");
        }
        this.width = width;
        this.changes = changes;
        breaker = CircuitBreakerConfig.custom()
                .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100).waitDurationInOpenState(coolDown).permittedNumberOfCallsInHalfOpenState(1)
                .recordResult(result -> !((Outcome) result).succeeded()).clock(clock).build();
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
        Guarded guarded = entered[0] ? current(endpoint) : null;
        if (guarded != null && !guarded.breaker().tryAcquirePermission()) {
            free(endpoint);
            return false;
        }
        return entered[0];
    }

    /** Leaves the endpoint's lane with the delivery untried: the breaker's permission goes back too. */
    public void leave(UUID endpoint) {
        leave(endpoint, 0, null);
    }

    /**
     * Leaves the endpoint's lane after a try of a delivery claimed at the endpoint's {@code generation}: its outcome
     * goes to the breaker of that generation; null when the delivery went back untried, and then the breaker's
     * permission goes back too. The outcome of a try claimed before a later generation this instance knows of goes to
     * no breaker, and gives the permission back as an untried one does: it was taken from the breaker left behind, or
     * from the later one, whose one trial (half open) must not stay taken for ever.
     */
    public void leave(UUID endpoint, long generation, Outcome outcome) {
        if (outcome == null || generation < changes.generation(endpoint)) {
            release(breakers.get(endpoint));
        } else if (outcome.succeeded()) {
            release(breakers.computeIfPresent(endpoint, (id, held) -> held.generation() <= generation ? null : held));
        } else {
            Guarded guarded = breakers.compute(endpoint, (id, held) -> held == null || held.generation() < generation
                    ? new Guarded(generation, CircuitBreaker.of(id.toString(), breaker)) : held);
            if (guarded.generation() == generation) {
                long latency = outcome.latency() == null ? 0 : outcome.latency().toNanos();
                guarded.breaker().onResult(latency, TimeUnit.NANOSECONDS, outcome);
            } else {
                release(guarded);
            }
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
     * flight): their deliveries are left for later. An open breaker past its cool-down turns half open here; one
     * left behind by a change of its endpoint is dropped.
     */
    public Set<UUID> open() {
        return breakers.keySet().stream().filter(endpoint -> {
            Guarded guarded = current(endpoint);
            return guarded != null && guarded.breaker().getState() != CircuitBreaker.State.CLOSED
                    && !mayTry(guarded.breaker());
        }).collect(Collectors.toUnmodifiableSet());
    }

    /** The endpoint's breaker, unless the endpoint changed since its generation: then it is dropped, and none is. */
    private Guarded current(UUID endpoint) {
        Guarded guarded = breakers.get(endpoint);
        if (guarded != null && guarded.generation() < changes.generation(endpoint)) {
            breakers.remove(endpoint, guarded);
            return null;
        }
        return guarded;
    }

    private static boolean mayTry(CircuitBreaker breaker) {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    private static void release(Guarded guarded) {
        if (guarded != null) {
            guarded.breaker().releasePermission();
        }
    }

    private void free(UUID endpoint) {
        lanes.computeIfPresent(endpoint, (id, bulkhead) -> {
            bulkhead.onComplete();
            return bulkhead.getMetrics().getAvailableConcurrentCalls() >= width ? null : bulkhead;
        });
    }
}
