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
import java.time.Instant;
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
 */
@Stateless
public class BillingEvents {

    private static final String RECORD = """
            INSERT INTO billing_events (tenant_id, event_id, status) VALUES (humane_current_tenant(), ?1, ?2)
            ON CONFLICT (tenant_id, event_id) DO NOTHING""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    @ConfigProperty(name = "billing.webhook.secrets")
    Optional<String> secrets;

    public Tenant accept(String signature, byte[] body) {
        InboundSignature.verify(signature, body, configured(), Instant.now());
        BillingEvent event = BillingEvent.read(body);
        TenantScope.enter(em, event.tenantId());
        Tenant tenant = em.find(Tenant.class, event.tenantId(), LockModeType.PESSIMISTIC_WRITE);
        if (tenant == null) {
            throw new NotFound("Tenant " + event.tenantId());
        }
        int stored = em.createNativeQuery(RECORD).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, event.id()).setParameter(2, event.status()).executeUpdate();
        if (stored != 1) {
            throw new Conflict("Billing event " + event.id() + " was received before (a replay)");
        }
        var before = JsonP.createObjectBuilder().add("subscription_status", tenant.subscriptionStatus())
                .add("plan", tenant.plan()).build();
        tenant.changeSubscription(event.status());
        if (BillingEvent.CANCELED.equals(event.status())) {
            tenant.changePlan(PlanCatalogue.FREE);
        }
        audit.record(AuditActor.system(), "billing.subscription_changed", "tenant", tenant.id().toString(), before,
                JsonP.createObjectBuilder().add("subscription_status", tenant.subscriptionStatus())
                        .add("plan", tenant.plan()).add("event_id", event.id()).build());
        return tenant;
    }

    private List<String> configured() {
        return secrets.map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
