package ai.humane.analysis.control;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 *
 * <p>And a bulkhead per tenant, its share ({@code tenantWidth}, {@code llm.tenant-concurrency}), from a registry of
 * its own keyed by tenant id: a place in it is taken with the engine's and held as long, so one tenant's engines
 * together, however many, never hold more than its share of the analysis workers, and a tenant whose providers all
 * hang leaves the other tenants' analyses workers to run on (N2). Engines alone did not: a tenant with twenty
 * engines could claim twenty bulkheads' worth. Tenants take their turns at the workers fewest calls in flight first
 * ({@link #inTurn}), so two tenants whose shares together fill an instance hand each worker they free to a tenant
 * with none running before they take it back.
 */
public final class EngineGuards {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final BulkheadRegistry shares;

    public EngineGuards(int width, int tenantWidth, Duration openFor) {
        if (width < 1) {
            throw new IllegalArgumentException("an engine's bulkhead is at least one call wide");
        }
        if (tenantWidth < width) {
            throw new IllegalArgumentException("a tenant's share (" + tenantWidth + ") is narrower than one engine's bulkhead ("
                    + width + ")");
        }
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(ProviderFailure.class).build());
        bulkheads = BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(width).maxWaitDuration(Duration.ZERO)
                .build());
        shares = BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(tenantWidth)
                .maxWaitDuration(Duration.ZERO).build());
    }

    public CircuitBreaker breaker(UUID engine) {
        return breakers.circuitBreaker(engine.toString());
    }

    public Bulkhead bulkhead(UUID engine) {
        return bulkheads.bulkhead(engine.toString());
    }

    /** The tenant's share of this instance's analysis workers: its engines' calls in flight together. */
    public Bulkhead share(UUID tenant) {
        return shares.bulkhead(tenant.toString());
    }

    /**
     * Takes a place in the tenant's share and one in the engine's bulkhead; false, and nothing held, when either is
     * full.
     */
    public boolean enter(UUID tenant, UUID engine) {
        Bulkhead share = share(tenant);
        if (!share.tryAcquirePermission()) {
            return false;
        }
        if (bulkhead(engine).tryAcquirePermission()) {
            return true;
        }
        share.onComplete();
        return false;
    }

    /** Gives back the places taken by {@link #enter}. */
    public void leave(UUID tenant, UUID engine) {
        bulkhead(engine).onComplete();
        share(tenant).onComplete();
    }

    /** Whether the tenant holds all of its share: a claim for it could take none of its analyses with an engine. */
    public boolean atShare(UUID tenant) {
        return share(tenant).getMetrics().getAvailableConcurrentCalls() == 0;
    }

    /** The tenant's calls in flight on this instance, all its engines together. */
    public int inFlight(UUID tenant) {
        Bulkhead share = share(tenant);
        return share.getBulkheadConfig().getMaxConcurrentCalls() - share.getMetrics().getAvailableConcurrentCalls();
    }

    /**
     * The tenants in the order of their turns at the workers: fewest calls in flight on this instance first, those
     * with as many in a random order, so no tenant is always first among its equals. The share bounds what one tenant
     * holds; turns decide who gets a worker freed while tenants at or near their share keep a backlog: the tenant with
     * none running, not the one whose call just ended.
     */
    public List<UUID> inTurn(List<UUID> tenants) {
        List<UUID> turns = new ArrayList<>(tenants);
        Collections.shuffle(turns, ThreadLocalRandom.current());
        turns.sort(Comparator.comparingInt(this::inFlight));
        return turns;
    }

    /** Engines whose bulkhead is full: the next claim leaves their analyses where they are. */
    public Set<UUID> full() {
        return bulkheads.getAllBulkheads().stream()
                .filter(b -> b.getMetrics().getAvailableConcurrentCalls() == 0)
                .map(b -> UUID.fromString(b.getName())).collect(Collectors.toUnmodifiableSet());
    }
}
