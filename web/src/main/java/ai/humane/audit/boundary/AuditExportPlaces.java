package ai.humane.audit.boundary;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * L1: the places for exports of a tenant's audit log, a bulkhead per tenant from Resilience4j's registry keyed by
 * tenant id. An export walks the whole log in short transactions and may stream for minutes; the rate limit bounds
 * how many a caller starts a minute, not how many run, so without this a read-scoped owner key could keep PostgreSQL
 * busy with dozens of walks of a long log at once. A place is taken before the answer is built and given back when
 * the stream ends, written whole or broken off by the client ({@link AuditExport}). Per instance, like the engines'
 * and the webhook lanes' bulkheads: behind N replicas a tenant has N times as many.
 */
@ApplicationScoped
public class AuditExportPlaces {

    static final int PER_TENANT = 2;

    private final BulkheadRegistry places = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxConcurrentCalls(PER_TENANT).maxWaitDuration(Duration.ZERO).build());

    /** The tenant's bulkhead: {@code tryAcquirePermission} takes a place, never waiting; {@code onComplete} gives it back. */
    Bulkhead of(UUID tenant) {
        return places.bulkhead(tenant.toString());
    }
}
