package ai.humane.ratelimit.control;

import java.util.UUID;

/** A tenant's plan, changed in the current transaction; {@link TenantPlans} shares it once that commits. */
public record PlanChanged(UUID tenantId, String plan) {
}
