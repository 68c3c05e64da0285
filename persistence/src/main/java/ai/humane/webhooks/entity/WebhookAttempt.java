package ai.humane.webhooks.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One try of a delivery, as the Webhook Monitor shows it; written by the dispatcher in SQL. */
@Entity
@Table(name = "webhook_attempts")
@NamedQuery(name = WebhookAttempt.OF_DELIVERY,
        query = "SELECT a FROM WebhookAttempt a WHERE a.deliveryId = :deliveryId ORDER BY a.attemptedAt, a.id")
public class WebhookAttempt extends TenantOwned {

    public static final String OF_DELIVERY = "WebhookAttempt.ofDelivery";

    @Column(name = "delivery_id", insertable = false, updatable = false)
    private UUID deliveryId;

    @Column(name = "attempted_at", insertable = false, updatable = false)
    private OffsetDateTime attemptedAt;

    @Column(name = "status_code", insertable = false, updatable = false)
    private Integer statusCode;

    @Column(name = "latency_ms", insertable = false, updatable = false)
    private int latencyMs;

    @Column(insertable = false, updatable = false)
    private String error;

    @Column(name = "response_excerpt", insertable = false, updatable = false)
    private String responseExcerpt;

    protected WebhookAttempt() {
    }

    public UUID deliveryId() {
        return deliveryId;
    }

    public OffsetDateTime attemptedAt() {
        return attemptedAt;
    }

    public Integer statusCode() {
        return statusCode;
    }

    public int latencyMs() {
        return latencyMs;
    }

    public String error() {
        return error;
    }

    public String responseExcerpt() {
        return responseExcerpt;
    }
}
