package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditCheckpoints;
import ai.humane.audit.control.AuditCheckpoints.Checkpoint;
import ai.humane.audit.control.AuditFilter;
import ai.humane.audit.control.AuditLogBusy;
import ai.humane.audit.control.AuditPages;
import ai.humane.audit.control.ChainVerification;
import ai.humane.audit.control.CheckpointHeld;
import ai.humane.audit.control.ExportPlaces;
import ai.humane.audit.entity.AuditEvent;
import ai.humane.paging.control.Listing;
import ai.humane.sessions.boundary.AccessTokenKeys;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reads the caller's audit log (L1): pages for the list, batches for the streamed export, and the
 * verification of the whole chain, and signed checkpoints of its head that the tenant keeps and brings back to be
 * checked against the chain as it is then. Only the caller's tenant is ever in scope.
 */
@Stateless
@Interceptors(TenantScope.class)
public class AuditEvents {

    /** Events per export batch: each batch is its own short transaction. */
    public static final int EXPORT_BATCH = 500;

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AccessTokenKeys keys;

    @Inject
    SecurityContext security;

    public Listing.Page<AuditEvent> list(AuditFilter filter, int limit, String cursor) {
        return AuditPages.newestFirst(em, filter, limit, cursor);
    }

    /**
     * The next export batch: events after {@code afterSeq}, oldest first, read under the export's place, which is
     * renewed and held for the batch's transaction; 429 when the place is no longer the export's (its lease ran out
     * and another export took it): the export reads no more.
     */
    public List<AuditEvent> batchAfter(AuditFilter filter, long afterSeq, UUID place) {
        try {
            if (!new ExportPlaces().keep(em.unwrap(Connection.class), place)) {
                throw AuditLogBusy.exporting(ExportPlaces.PER_TENANT);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The audit export's place could not be renewed", e);
        }
        return AuditPages.oldestFirst(em, filter, afterSeq, EXPORT_BATCH);
    }

    /** Verifies the whole chain; 429 while another verification of the tenant's log runs (one at a time). */
    public ChainVerification verify() {
        try {
            return new AuditChain().verify(em.unwrap(Connection.class)).orElseThrow(AuditLogBusy::verifying);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chain could not be read", e);
        }
    }

    /** The head of the chain now, signed with the platform's current access-token key. */
    public Checkpoint checkpoint() {
        try {
            return checkpoints().sign(tenant(), new AuditChain().head(em.unwrap(Connection.class)), Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chain head could not be read", e);
        }
    }

    /**
     * Checks a kept checkpoint of this tenant (400 when it is not one) against the chain as it is now; 429 while
     * another verification of the tenant's log runs (a check walks the chain up to the checkpoint).
     */
    public CheckpointHeld holds(String checkpoint) {
        Checkpoint kept = checkpoints().read(checkpoint, tenant());
        try {
            return new AuditChain().holds(em.unwrap(Connection.class), kept.head()).orElseThrow(AuditLogBusy::verifying);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chain could not be read", e);
        }
    }

    private AuditCheckpoints checkpoints() {
        return new AuditCheckpoints(keys.signingKeys());
    }

    private UUID tenant() {
        return TenantCaller.of(security).tenantId();
    }
}
