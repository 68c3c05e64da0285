package ai.humane.billing.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BillingEvent;
import ai.humane.billing.control.PlanCatalogue;
import ai.humane.json.control.JsonP;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Tenant;
import ai.humane.webhooks.control.InboundSignature;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The billing provider's signed events: they move a subscription between active, past_due and canceled, and a
 * canceled one falls to the free plan. Verified as W2 verifies a customer's events ({@link InboundSignature}: the
 * raw body, 300 s of skew, any v1 under any secret of {@code BILLING_WEBHOOK_SECRETS}) before anything is read;
 * then de-duplicated on the signed {@code id}. Any refusal rolls back: a forged, stale or replayed event changes
 * nothing. Without a configured secret every event is refused.
 * <p>
 * Events are applied in the order the provider created them ({@code created}), not in the order they arrive: the
 * tenant's row is locked first, so two events of one tenant take turns, and one older than the last applied is
 * recorded and acknowledged (it is genuine: refused, the provider would retry it for days) but changes nothing.
 */
@Stateless
public class BillingEvents {

    private static final String RECORD = """
            INSERT INTO billing_events (tenant_id, event_id, status, created, applied)
            VALUES (humane_current_tenant(), ?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, event_id) DO NOTHING""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    @ConfigProperty(name = "billing.webhook.secrets")
    Optional<String> secrets;

    /**
     * Verifies, records and applies the event, unless the tenant has applied a newer one ({@link
     * BillingEvent#appliesAfter}); the tenant's row is locked before its last applied time is read, so an event
     * waiting for another one's transaction reads what that one applied.
     */
    public Received accept(String signature, byte[] body) {
        Instant now = Instant.now();
        InboundSignature.verify(signature, body, configured(), now);
        BillingEvent event = BillingEvent.read(body, now);
        TenantScope.enter(em, event.tenantId());
        Tenant tenant = em.find(Tenant.class, event.tenantId(), LockModeType.PESSIMISTIC_WRITE);
        if (tenant == null) {
            throw new NotFound("Tenant " + event.tenantId());
        }
        OffsetDateTime lastApplied = tenant.subscriptionEventCreated();
        boolean applies = event.appliesAfter(lastApplied == null ? null : lastApplied.toInstant(),
                tenant.subscriptionStatus());
        int stored = em.createNativeQuery(RECORD).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, event.id()).setParameter(2, event.status())
                .setParameter(3, Timestamp.from(event.created())).setParameter(4, applies).executeUpdate();
        if (stored != 1) {
            throw new Conflict("Billing event " + event.id() + " was received before (a replay)");
        }
        if (!applies) {
            return new Received(event.id(), false, lastApplied.toInstant());
        }
        var before = JsonP.createObjectBuilder().add("subscription_status", tenant.subscriptionStatus())
                .add("plan", tenant.plan()).build();
        tenant.changeSubscription(event.status(), event.created().atOffset(ZoneOffset.UTC));
        if (BillingEvent.CANCELED.equals(event.status())) {
            tenant.changePlan(PlanCatalogue.FREE);
        }
        audit.record(AuditActor.system(), "billing.subscription_changed", "tenant", tenant.id().toString(), before,
                JsonP.createObjectBuilder().add("subscription_status", tenant.subscriptionStatus())
                        .add("plan", tenant.plan()).add("event_id", event.id())
                        .add("created", event.created().getEpochSecond()).build());
        return new Received(event.id(), true, event.created());
    }

    /**
     * An event taken: {@code applied} unless the tenant had applied one created after it ({@code lastApplied}, the
     * creation time of the newest applied, this one's if it was).
     */
    public record Received(String id, boolean applied, Instant lastApplied) {
    }

    private List<String> configured() {
        return secrets.map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
