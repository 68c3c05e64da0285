package ai.humane.billing.control;

import ai.humane.edge.control.StrictJson;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;

/**
 * A billing provider's event, read strictly (no duplicate keys: the signed {@code id} is unambiguous):
 * {@code {"id", "type": "subscription.updated", "tenant_id", "status": "active" | "past_due" | "canceled"}}.
 */
public record BillingEvent(String id, UUID tenantId, String status) {

    public static final String CANCELED = "canceled";
    public static final List<String> STATUSES = List.of("active", "past_due", CANCELED);

    public static BillingEvent read(byte[] body) {
        if (!(StrictJson.read(body) instanceof JsonObject event)) {
            throw new MalformedJson("", "must be an object");
        }
        String id = text(event, "id", 255);
        if (!"subscription.updated".equals(text(event, "type", 100))) {
            throw new InvalidField("type", "must be subscription.updated");
        }
        UUID tenant;
        try {
            tenant = UUID.fromString(text(event, "tenant_id", 36));
        } catch (IllegalArgumentException e) {
            throw new InvalidField("tenant_id", "must be a UUID");
        }
        String status = text(event, "status", 20);
        if (!STATUSES.contains(status)) {
            throw new InvalidField("status", "must be one of " + String.join(", ", STATUSES));
        }
        return new BillingEvent(id, tenant, status);
    }

    private static String text(JsonObject event, String field, int max) {
        JsonValue value = event.get(field);
        if (!(value instanceof JsonString text) || text.getString().isBlank() || text.getString().length() > max) {
            throw new InvalidField(field, "is required: a string of 1 to " + max + " characters");
        }
        return text.getString();
    }
}
