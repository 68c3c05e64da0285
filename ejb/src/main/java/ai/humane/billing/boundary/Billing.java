package ai.humane.billing.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.billing.control.BaaSafeguards;
import ai.humane.billing.control.BillingEvent;
import ai.humane.billing.control.PlanCatalogue;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.problems.control.Conflict;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The caller's subscription: its plan (A1 ceilings), payment method (sealed, K3) and BAA (O6). Every change is
 * audited (L1) in its transaction with before and after; the tenant row is locked for the change, so two
 * concurrent changes are told apart in the log.
 */
@Stateless
@Interceptors(TenantScope.class)
public class Billing {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @Inject
    AuditTrail audit;

    @Inject
    FieldEncryption encryption;

    public Tenant current() {
        return em.find(Tenant.class, TenantCaller.of(security).tenantId());
    }

    /**
     * Holds from the next request on every instance: each request reads the plan with its credential (A1). A
     * subscription the billing provider canceled stays on the free plan until the provider reports it active again:
     * an owner's call does not undo the cancellation.
     */
    public Tenant changePlan(String plan) {
        Tenant tenant = locked();
        if (BillingEvent.CANCELED.equals(tenant.subscriptionStatus()) && !PlanCatalogue.FREE.equals(plan)) {
            throw new Conflict("The subscription was canceled: a paid plan comes back when the billing provider"
                    + " reports the subscription active again");
        }
        if (tenant.underBaa() && !PlanCatalogue.BAA_PLANS.contains(plan)) {
            throw new Conflict("A tenant under a BAA stays on scale or enterprise");
        }
        if (!plan.equals(tenant.plan())) {
            JsonObject before = JsonP.createObjectBuilder().add("plan", tenant.plan()).build();
            tenant.changePlan(plan);
            audit.record("billing.plan_changed", "tenant", tenant.id().toString(), before,
                    JsonP.createObjectBuilder().add("plan", plan).build());
        }
        return tenant;
    }

    /** Seals the provider's token; the audit log sees brand and last four digits only. */
    public Tenant replacePaymentMethod(String token, String brand, String last4) {
        Tenant tenant = locked();
        JsonObject before = card(tenant.paymentBrand(), tenant.paymentLast4());
        tenant.replacePaymentMethod(encryption.seal(token), brand, last4);
        audit.record("billing.payment_method_changed", "tenant", tenant.id().toString(), before, card(brand, last4));
        return tenant;
    }

    /** An owner accepts the BAA (O6), on scale or enterprise only; accepting twice changes nothing. */
    public Tenant acceptBaa() {
        Tenant tenant = locked();
        if (!PlanCatalogue.BAA_PLANS.contains(tenant.plan())) {
            throw new Conflict("A BAA can be accepted on the scale and enterprise plans only");
        }
        if (!tenant.underBaa()) {
            TenantCaller caller = TenantCaller.of(security);
            tenant.acceptBaa(caller.actorId(), OffsetDateTime.now(ZoneOffset.UTC));
            new BaaSafeguards().applyNow(em, tenant.id());
            audit.record("billing.baa_accepted", "tenant", tenant.id().toString(),
                    JsonP.createObjectBuilder().add("baa", false).build(),
                    JsonP.createObjectBuilder().add("baa", true).add("plan", tenant.plan()).build());
        }
        return tenant;
    }

    private Tenant locked() {
        return em.find(Tenant.class, TenantCaller.of(security).tenantId(), LockModeType.PESSIMISTIC_WRITE);
    }

    private static JsonObject card(String brand, String last4) {
        JsonObjectBuilder card = JsonP.createObjectBuilder();
        if (brand != null) {
            card.add("brand", brand).add("last4", last4);
        }
        return card.build();
    }
}
