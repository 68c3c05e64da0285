package ai.humane.webhooks.boundary;

import ai.humane.audit.control.EndUserDataReads;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.entity.WebhookAttempt;
import ai.humane.webhooks.entity.WebhookDelivery;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/** The Webhook Monitor (W4): a tenant's deliveries with their attempts, and the manual retry of a failed one. */
@Stateless
@Interceptors(TenantScope.class)
public class WebhookDeliveries {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    EndUserDataReads reads;

    /** Null filters match everything. */
    public Listing.Page<WebhookDelivery> list(UUID endpointId, String status, int limit, String cursor) {
        StringJoiner where = new StringJoiner(" AND ");
        Map<String, Object> parameters = new HashMap<>();
        if (endpointId != null) {
            where.add("x.endpointId = :endpointId");
            parameters.put("endpointId", endpointId);
        }
        if (status != null) {
            where.add("x.status = :status");
            parameters.put("status", status);
        }
        String condition = parameters.isEmpty() ? null : where.toString();
        return Listing.page(em, WebhookDelivery.class, condition, parameters, limit, cursor);
    }

    public WebhookDelivery find(UUID id) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, id);
        if (delivery == null) {
            throw new NotFound("Webhook delivery " + id);
        }
        return delivery;
    }

    /**
     * The event body this delivery sends, as delivered ({@code id, type, created_at, tenant_id, data}), for the
     * Monitor. Row-level security keeps it to the caller's tenant, as for the delivery itself. The body carries
     * end users' ids and analyses, so under a BAA showing it is audited (O6).
     */
    public String event(UUID deliveryId) {
        find(deliveryId);
        reads.read("webhook_event", "webhook_delivery", deliveryId.toString(), 1);
        return (String) em.createNativeQuery("SELECT e.payload::text FROM webhook_events e JOIN webhook_deliveries d"
                        + " ON d.event_id = e.id AND d.tenant_id = e.tenant_id WHERE d.id = ?1")
                // Native SQL passes the EclipseLink wall; find() above and row-level security keep the tenant's.
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, deliveryId).getSingleResult();
    }

    public List<WebhookAttempt> attempts(UUID deliveryId) {
        return em.createNamedQuery(WebhookAttempt.OF_DELIVERY, WebhookAttempt.class)
                .setParameter("deliveryId", deliveryId).getResultList();
    }

    /**
     * Puts a failed delivery back in the queue with a fresh schedule; any other state is a conflict. The schedule
     * counts the tries since {@code first_attempt_at}, which its next recorded try sets again (DeliveryRows); the
     * attempts before stay, in their rows and in {@code attempts} (W4).
     */
    public WebhookDelivery retry(UUID id) {
        find(id);
        int queued = em.createNativeQuery("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), "
                        + "first_attempt_at = NULL, updated_at = now() WHERE id = ?1 AND status = 'failed'")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id).executeUpdate();
        if (queued != 1) {
            throw new Conflict("Only a failed delivery can be retried");
        }
        em.getEntityManagerFactory().getCache().evict(WebhookDelivery.class, id);
        return em.createQuery("SELECT d FROM WebhookDelivery d WHERE d.id = :id", WebhookDelivery.class)
                .setParameter("id", id).setHint("jakarta.persistence.cache.retrieveMode", "BYPASS")
                .setHint("eclipselink.refresh", "true").getSingleResult();
    }
}
