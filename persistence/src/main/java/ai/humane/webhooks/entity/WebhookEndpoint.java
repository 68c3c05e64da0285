package ai.humane.webhooks.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * Where a tenant wants its events: a URL the guard accepted, the event types it subscribes to (a JSON
 * array, "*" for all) and its signing secrets as Fernet tokens, the previous one only until its overlap
 * ends (K2).
 */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint extends TenantOwned {

    @Column(nullable = false)
    private String url;

    private String description;

    /** JSON array, stored as jsonb. */
    @Column(nullable = false)
    private String events;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "disabled_reason")
    private String disabledReason;

    @Column(nullable = false)
    private String secret;

    @Column(name = "previous_secret")
    private String previousSecret;

    @Column(name = "previous_secret_until")
    private OffsetDateTime previousSecretUntil;

    @Column(name = "failing_since", insertable = false, updatable = false)
    private OffsetDateTime failingSince;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected WebhookEndpoint() {
    }

    public WebhookEndpoint(String url, String description, String events, String encryptedSecret) {
        this.url = url;
        this.description = description;
        this.events = events;
        this.secret = encryptedSecret;
    }

    public void pointAt(String url) {
        this.url = url;
    }

    public void describe(String description) {
        this.description = description;
    }

    public void subscribe(String events) {
        this.events = events;
    }

    /** Enabling clears the reason a receiver or the tenant disabled it with. */
    public void enable(boolean enabled, String reason) {
        this.enabled = enabled;
        this.disabledReason = enabled ? null : reason;
    }

    /** The new secret signs from now on; the current one keeps signing beside it until {@code overlapEnds}. */
    public void rotate(String encryptedSecret, OffsetDateTime overlapEnds) {
        this.previousSecret = secret;
        this.previousSecretUntil = overlapEnds;
        this.secret = encryptedSecret;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = OffsetDateTime.now();
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public String events() {
        return events;
    }

    public boolean enabled() {
        return enabled;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public String secret() {
        return secret;
    }

    public String previousSecret() {
        return previousSecret;
    }

    public OffsetDateTime previousSecretUntil() {
        return previousSecretUntil;
    }

    public OffsetDateTime failingSince() {
        return failingSince;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    /** {@code disabled}, {@code failing} or {@code enabled}, as the API shows it. */
    public String status() {
        if (!enabled) {
            return "disabled";
        }
        return failingSince != null ? "failing" : "enabled";
    }
}
