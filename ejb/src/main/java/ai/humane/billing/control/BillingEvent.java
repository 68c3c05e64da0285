package ai.humane.billing.control;

import ai.humane.edge.control.StrictJson;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.MalformedJson;
import ai.humane.webhooks.control.InboundSignature;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A billing provider's event, read strictly (no duplicate keys: the signed {@code id} is unambiguous):
 * {@code {"id", "type": "subscription.updated", "tenant_id", "status": "active" | "past_due" | "canceled",
 * "created"}}. {@code created} is the provider's creation time of the event, in epoch seconds (as Stripe's): a
 * retry is signed anew, so only this time orders a late delivery behind the newer event it would otherwise undo.
 * It is required: an event without it could not be ordered at all.
 */
public record BillingEvent(String id, UUID tenantId, String status, Instant created) {

    public static final String CANCELED = "canceled";
    /** From the least to the most restrictive: on equal {@code created}, the more restrictive one stands. */
    public static final List<String> STATUSES = List.of("active", "past_due", CANCELED);
    /** No provider event of ours is older than this (2020-01-01T00:00:00Z). */
    public static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");

    /**
     * The event in {@code body}, its {@code created} between {@link #EARLIEST} and the signature's tolerance past
     * {@code now} (a provider's clock may be as far ahead as its signature's timestamp may be).
     */
    public static BillingEvent read(byte[] body, Instant now) {
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
        return new BillingEvent(id, tenant, status, created(event, now));
    }

    /**
     * Whether this event moves a subscription whose last applied event was created at {@code lastApplied} (null: none
     * with a time) and left it {@code current}: a newer event does; an older one does not (a late retry, or a
     * delivery overtaken by a newer one). Of two created in the same second, the more restrictive status stands
     * (canceled over past_due over active), whichever arrived first, so both orders of arrival end alike.
     */
    public boolean appliesAfter(Instant lastApplied, String current) {
        if (lastApplied == null || created.isAfter(lastApplied)) {
            return true;
        }
        return created.equals(lastApplied) && STATUSES.indexOf(status) >= STATUSES.indexOf(current);
    }

    private static Instant created(JsonObject event, Instant now) {
        long latest = now.plus(InboundSignature.TOLERANCE).getEpochSecond();
        if (!(event.get("created") instanceof JsonNumber number) || !number.isIntegral()
                || number.bigDecimalValue().compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond())) < 0
                || number.bigDecimalValue().compareTo(BigDecimal.valueOf(latest)) > 0) {
            throw new InvalidField("created", "is required: the event's creation time in whole epoch seconds, from "
                    + EARLIEST.getEpochSecond() + " (2020) to " + InboundSignature.TOLERANCE.toSeconds()
                    + " s past our clock");
        }
        return Instant.ofEpochSecond(number.longValueExact());
    }

    private static String text(JsonObject event, String field, int max) {
        JsonValue value = event.get(field);
        if (!(value instanceof JsonString text) || text.getString().isBlank() || text.getString().length() > max) {
            throw new InvalidField(field, "is required: a string of 1 to " + max + " characters");
        }
        return text.getString();
    }
}
