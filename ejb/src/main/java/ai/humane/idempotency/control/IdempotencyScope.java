package ai.humane.idempotency.control;

import java.util.UUID;

/** Whose key it is: keys of different tenants or credentials never meet. */
public record IdempotencyScope(UUID tenant, String credential, String key) {
}
