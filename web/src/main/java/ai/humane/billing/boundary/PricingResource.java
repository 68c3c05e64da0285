package ai.humane.billing.boundary;

import ai.humane.billing.control.PlanCatalogue;
import ai.humane.edge.boundary.HumaneApi;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The plans and their ceilings, open to anyone (and counted with the public endpoints, A1). */
@Dependent
@Path(HumaneApi.V1 + "public/pricing")
@Produces(MediaType.APPLICATION_JSON)
public class PricingResource {

    @Inject
    PlanCatalogue plans;

    @GET
    public Pricing pricing() {
        return new Pricing(plans.all().stream().map(PricingResource::plan).toList());
    }

    static Plan plan(PlanCatalogue.PlanCeilings ceilings) {
        return new Plan(ceilings.plan(), ceilings.requestsPerMinute(), ceilings.mailsPerHour(),
                ceilings.webhookTestsPerHour(), ceilings.baaAvailable());
    }

    public record Pricing(List<Plan> data) {
    }

    /** Requests a minute per API key or user; mails and webhook test events an hour per tenant; BAA on offer. */
    public record Plan(String plan, int requestsPerMinute, int mailsPerHour, int webhookTestsPerHour,
                       boolean baaAvailable) {
    }
}
