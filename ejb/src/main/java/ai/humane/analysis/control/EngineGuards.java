package ai.humane.analysis.control;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A circuit breaker and a bulkhead per LLM engine, from Resilience4j's registries keyed by engine id: one
 * provider that fails or hangs trips its own breaker and fills its own bulkhead, and every other engine goes
 * on. MicroProfile Fault Tolerance keeps one breaker and one bulkhead per annotated method, shared by every
 * engine that method serves, so it cannot tell engines apart. Per instance, like the webhook lanes: each
 * instance protects its own threads.
 *
 * <p>Breaker: over the last 10 calls, once 5 were made, a failure rate of 50 % opens it for
 * {@code openFor}; then one trial call decides. Bulkhead: at most {@code width} calls in flight, never waiting
 * ({@code llm.bulkhead}). A place is taken when an analysis is claimed ({@link #enter}) and given back once its
 * outcome is recorded ({@link #leave}), so an engine never has more analyses claimed on this instance than it may
 * have calls in flight.
 */
public final class EngineGuards {

    private final int width;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    public EngineGuards(int width, Duration openFor) {
        if (width < 1) {
            throw new IllegalArgumentException("an engine's bulkhead is at least one call wide");
        }
        this.width = width;
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(ProviderFailure.class).build());
        bulkheads = BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(width).maxWaitDuration(Duration.ZERO)
                .build());
    }

    public CircuitBreaker breaker(UUID engine) {
        return breakers.circuitBreaker(engine.toString());
    }

    public Bulkhead bulkhead(UUID engine) {
        return bulkheads.bulkhead(engine.toString());
    }

    /** Takes a place in the engine's bulkhead; false, and nothing held, when it is full. */
    public boolean enter(UUID engine) {
        return bulkhead(engine).tryAcquirePermission();
    }

    /** Gives back a place taken by {@link #enter}. */
    public void leave(UUID engine) {
        bulkhead(engine).onComplete();
    }

    /** Calls in flight to one engine at most. */
    public int width() {
        return width;
    }

    /** Engines whose bulkhead is full: the next claim leaves their analyses where they are. */
    public Set<UUID> full() {
        return bulkheads.getAllBulkheads().stream()
                .filter(b -> b.getMetrics().getAvailableConcurrentCalls() == 0)
                .map(b -> UUID.fromString(b.getName())).collect(Collectors.toUnmodifiableSet());
    }
}
