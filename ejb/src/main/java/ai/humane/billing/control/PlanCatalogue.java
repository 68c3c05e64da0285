package ai.humane.billing.control;

import ai.humane.problems.control.InvalidField;
import ai.humane.ratelimit.control.Ceilings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The plans and the ceilings each one sets: requests a minute per API key or user (A1, {@code ratelimit.plan.*})
 * and the per-tenant send budgets of A3, which are the same on every plan today. What is published here is what
 * the limiters enforce, read from the same settings.
 */
@ApplicationScoped
public class PlanCatalogue {

    /** The plan a canceled subscription falls to, and the only one it may choose until it is active again. */
    public static final String FREE = "free";
    public static final List<String> PLANS = List.of(FREE, "pro", "scale", "enterprise");
    /** A BAA (O6) can be accepted on these plans only. */
    public static final List<String> BAA_PLANS = List.of("scale", "enterprise");

    @Inject
    Ceilings ceilings;

    @Inject
    @ConfigProperty(name = "mail.throttle.per-tenant-per-hour", defaultValue = "100")
    int mailsPerTenant;

    @Inject
    @ConfigProperty(name = "webhooks.test.per-tenant-per-hour", defaultValue = "100")
    int testsPerTenant;

    public List<PlanCeilings> all() {
        return PLANS.stream().map(this::of).toList();
    }

    public PlanCeilings of(String plan) {
        return new PlanCeilings(plan, ceilings.forPlan(plan), mailsPerTenant, testsPerTenant, BAA_PLANS.contains(plan));
    }

    /** The plan named {@code value}, or 400 naming {@code field}. */
    public static String parse(String field, String value) {
        if (value == null || !PLANS.contains(value)) {
            throw new InvalidField(field, "must be one of " + String.join(", ", PLANS));
        }
        return value;
    }

    /** What one plan allows. */
    public record PlanCeilings(String plan, int requestsPerMinute, int mailsPerHour, int webhookTestsPerHour,
                               boolean baaAvailable) {
    }
}
