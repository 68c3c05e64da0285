package ai.humane.billing.boundary;

import ai.humane.billing.control.PlanCatalogue;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.tenancy.entity.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** The tenant's subscription: plan (A1), payment method (K3) and BAA (O6); owners only, every change audited. */
@Dependent
@Path(HumaneApi.V1 + "billing")
@RolesAllowed("owner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BillingResource {

    @Inject
    Billing billing;

    @Inject
    PlanCatalogue plans;

    @GET
    public Subscription current() {
        return view(billing.current());
    }

    @PUT
    @Path("plan")
    public Subscription changePlan(@Valid @NotNull PlanChange body) {
        return view(billing.changePlan(PlanCatalogue.parse("plan", body.plan())));
    }

    @PUT
    @Path("payment-method")
    public Subscription replacePaymentMethod(@Valid @NotNull PaymentMethod body) {
        return view(billing.replacePaymentMethod(body.token(), body.brand(), body.last4()));
    }

    @PUT
    @Path("baa")
    public Subscription acceptBaa(@Valid @NotNull BaaAcceptance body) {
        return view(billing.acceptBaa());
    }

    private Subscription view(Tenant tenant) {
        PlanCatalogue.PlanCeilings ceilings = plans.of(tenant.plan());
        Card card = tenant.paymentBrand() == null ? null : new Card(tenant.paymentBrand(), tenant.paymentLast4());
        return new Subscription(tenant.plan(), tenant.subscriptionStatus(), card,
                tenant.baaAcceptedAt() == null ? null : tenant.baaAcceptedAt().toInstant(),
                PricingResource.plan(ceilings));
    }

    public record PlanChange(@NotNull @Size(max = 20) String plan) {
    }

    /** The provider's token for the card (sealed before it is stored, never answered), its brand and last four digits. */
    public record PaymentMethod(@NotNull @Pattern(regexp = "[\\x21-\\x7e]{1,2048}") String token,
                                @NotNull @Pattern(regexp = "[a-z_]{1,20}") String brand,
                                @NotNull @Pattern(regexp = "[0-9]{4}") String last4) {
    }

    /** {@code accepted} must be true: a BAA is accepted here and never withdrawn by the API. */
    public record BaaAcceptance(@NotNull @AssertTrue Boolean accepted) {
    }

    public record Card(String brand, String last4) {
    }

    public record Subscription(String plan, String subscriptionStatus, Card paymentMethod, Instant baaAcceptedAt,
                               PricingResource.Plan ceilings) {
    }
}
