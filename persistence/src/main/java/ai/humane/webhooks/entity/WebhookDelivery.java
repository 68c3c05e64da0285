package ai.humane.webhooks.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event on its way to one endpoint. Read-only here: the dispatcher claims and records deliveries in
 * SQL under a lease, and a manual retry is one conditional UPDATE, so no stale entity can overwrite them.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends TenantOwned {

    @Column(name = "endpoint_id", insertable = false, updatable = false)
    private UUID endpointId;

    @Column(name = "event_id", insertable = false, updatable = false)
    private UUID eventId;

    @Column(insertable = false, updatable = false)
    private String status;

    @Column(insertable = false, updatable = false)
    private int attempts;

    @Column(name = "next_attempt_at", insertable = false, updatable = false)
    private OffsetDateTime nextAttemptAt;

    @Column(name = "last_status_code", insertable = false, updatable = false)
    private Integer lastStatusCode;

    protected WebhookDelivery() {
    }

    public UUID endpointId() {
        return endpointId;
    }

    public UUID eventId() {
        return eventId;
    }

    /** {@code pending}, {@code sending}, {@code succeeded} or {@code failed}. */
    public String status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public OffsetDateTime nextAttemptAt() {
        return nextAttemptAt;
    }

    public Integer lastStatusCode() {
        return lastStatusCode;
    }
}
