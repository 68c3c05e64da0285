package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditFilter;
import ai.humane.audit.control.AuditLogBusy;
import ai.humane.audit.control.AuditPages;
import ai.humane.audit.control.ChainVerification;
import ai.humane.audit.entity.AuditEvent;
import ai.humane.paging.control.Listing;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads the caller's audit log (L1): pages for the list, batches for the streamed export, and the
 * verification of the whole chain. Only the caller's tenant is ever in scope.
 */
@Stateless
@Interceptors(TenantScope.class)
public class AuditEvents {

    /** Events per export batch: each batch is its own short transaction. */
    public static final int EXPORT_BATCH = 500;

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    public Listing.Page<AuditEvent> list(AuditFilter filter, int limit, String cursor) {
        return AuditPages.newestFirst(em, filter, limit, cursor);
    }

    /** The next export batch: events after {@code afterSeq}, oldest first. */
    public List<AuditEvent> batchAfter(AuditFilter filter, long afterSeq) {
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
}
