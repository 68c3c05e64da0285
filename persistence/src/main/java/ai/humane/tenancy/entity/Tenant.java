package ai.humane.tenancy.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A customer organisation; the unit of isolation. Row-level security shows a tenant only its own row. Never in
 * the shared cache: its plan and BAA decide ceilings and safeguards, and another instance may change them.
 */
@Entity
@Cacheable(false)
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String plan = "free";

    @Column(name = "subscription_status", nullable = false)
    private String subscriptionStatus = "active";

    /** The provider's creation time of the last subscription event applied; null before the first. */
    @Column(name = "subscription_event_created")
    private OffsetDateTime subscriptionEventCreated;

    /** A Fernet token (K3): never read but to be moved forward to a newer key. */
    @Column(name = "payment_token")
    private String paymentToken;

    @Column(name = "payment_brand")
    private String paymentBrand;

    @Column(name = "payment_last4")
    private String paymentLast4;

    @Column(name = "baa_accepted_at")
    private OffsetDateTime baaAcceptedAt;

    @Column(name = "baa_accepted_by")
    @Convert(converter = NullableUuid.class)
    private UUID baaAcceptedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt = OffsetDateTime.now();

    protected Tenant() {
    }

    public Tenant(UUID id, String name) {
        this.id = id;
        this.name = name;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String plan() {
        return plan;
    }

    public String subscriptionStatus() {
        return subscriptionStatus;
    }

    public String paymentBrand() {
        return paymentBrand;
    }

    public String paymentLast4() {
        return paymentLast4;
    }

    public OffsetDateTime baaAcceptedAt() {
        return baaAcceptedAt;
    }

    /** Under a HIPAA business associate agreement (O6): the stricter safeguards apply. */
    public boolean underBaa() {
        return baaAcceptedAt != null;
    }

    public void changePlan(String newPlan) {
        this.plan = newPlan;
    }

    public OffsetDateTime subscriptionEventCreated() {
        return subscriptionEventCreated;
    }

    /** The status of the provider's event created at {@code eventCreated}, the newest applied so far. */
    public void changeSubscription(String status, OffsetDateTime eventCreated) {
        this.subscriptionStatus = status;
        this.subscriptionEventCreated = eventCreated;
    }

    public void replacePaymentMethod(String sealedToken, String brand, String last4) {
        this.paymentToken = sealedToken;
        this.paymentBrand = brand;
        this.paymentLast4 = last4;
    }

    public void acceptBaa(UUID by, OffsetDateTime at) {
        this.baaAcceptedAt = at;
        this.baaAcceptedBy = by;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }
}
