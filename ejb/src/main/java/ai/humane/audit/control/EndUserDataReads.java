package ai.humane.audit.control;

import ai.humane.json.control.JsonP;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * O6: on a tenant under a BAA every read of end-user data (an end user, a list of them, messages, a profile, a
 * webhook event's body, which carries end users' ids and analyses) is
 * an audit event {@code end_user_data.read} naming what was read, never its content; on other tenants nothing is
 * recorded. The BAA is read in the reading transaction itself, so it holds from the next request on every instance.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EndUserDataReads {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    /** {@code kind}: end_user, end_users, messages or profile; {@code endUser}: whose (null for a list); count read. */
    public void read(String kind, String endUser, int count) {
        UUID tenant = TenantCaller.of(security).tenantId();
        // A list names no one end user: the resource is then the tenant whose end users were listed.
        read(kind, endUser == null ? "tenant" : "end_user", endUser == null ? tenant.toString() : endUser, count);
    }

    /**
     * A read of end-user data held by another resource, such as a webhook event's body shown with its delivery. Noted
     * for the request too ({@link RequestReads}), BAA or not, so that a replay of its answer records it again.
     */
    public void read(String kind, String resourceType, String resourceId, int count) {
        EndUserDataRead read = new EndUserDataRead(kind, resourceType, resourceId, count);
        RequestReads.note(read);
        record(read, false);
    }

    /**
     * A read answered again from an idempotent replay's stored answer (A2), which runs nothing that would record it:
     * recorded as the request recorded it, by the caller replaying, under a BAA as it holds now, and noted
     * {@code replayed: true}.
     */
    public void replayed(EndUserDataRead read) {
        record(read, true);
    }

    private void record(EndUserDataRead read, boolean replayed) {
        if (!em.find(Tenant.class, TenantCaller.of(security).tenantId()).underBaa()) {
            return;
        }
        var after = JsonP.createObjectBuilder().add("kind", read.kind()).add("count", read.count());
        if (replayed) {
            after.add("replayed", true);
        }
        audit.record("end_user_data.read", read.resourceType(), read.resourceId(), null, after.build());
    }
}
