package ai.humane.webhooks.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.edge.control.StrictJson;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.MalformedJson;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.InboundSignature;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Accepts events customers send for an engine (W2). No caller is authenticated: the signature is the
 * credential, checked against the engine's secrets before the tenant is entered. Replays are recognised by
 * the body's {@code id}, which the signature covers: a header beside the body (such as the former
 * {@code Humane-Event-Id}) could be changed by whoever captured the request, so it decides nothing. An id
 * the engine has seen is a replay. Any refusal rolls back, so nothing of a refused request is stored.
 */
@Stateless
public class InboundEvents {

    private static final String RECORD = """
            INSERT INTO inbound_events (id, tenant_id, engine_id, event_id, payload)
            VALUES (?1, humane_current_tenant(), ?2, ?3, CAST(?4 AS jsonb))
            ON CONFLICT (tenant_id, engine_id, event_id) DO NOTHING""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption secrets;

    /** Answers the id the event is stored under and the event's own id. */
    public Stored accept(UUID engineId, String signature, byte[] body) {
        // The header first: its shape and age are refused alike for every engine id, known or not (W2).
        InboundSignature.Header signed = InboundSignature.read(signature, Instant.now());
        Object[] found = lookUp(engineId);
        signed.verify(body, active(found));
        JsonObject event = object(body);
        String eventId = eventId(event);
        TenantScope.enter(em, (UUID) found[0]);
        UUID id = UUID.randomUUID();
        int stored = em.createNativeQuery(RECORD)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id).setParameter(2, engineId)
                .setParameter(3, eventId).setParameter(4, event.toString()).executeUpdate();
        if (stored != 1) {
            throw new Conflict("Event " + eventId + " was received before (a replay)");
        }
        return new Stored(id, eventId);
    }

    /** Where an event was stored, and the event id it was de-duplicated on. */
    public record Stored(UUID id, String eventId) {
    }

    private Object[] lookUp(UUID engineId) {
        List<?> rows = em.createNativeQuery("SELECT * FROM inbound_secret_of_engine(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, engineId).getResultList();
        if (rows.isEmpty()) {
            throw InboundSignature.noMatch();
        }
        return (Object[]) rows.get(0);
    }

    private List<String> active(Object[] found) {
        List<String> active = new ArrayList<>(List.of(secrets.open((String) found[1])));
        if (found[2] != null && instant(found[3]).isAfter(Instant.now())) {
            active.add(secrets.open((String) found[2]));
        }
        return active;
    }

    private static Instant instant(Object column) {
        if (column instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return column instanceof java.time.OffsetDateTime time ? time.toInstant() : Instant.MIN;
    }

    private static JsonObject object(byte[] body) {
        JsonValue event = StrictJson.read(body);
        if (!(event instanceof JsonObject object)) {
            throw new MalformedJson("", "must be an object");
        }
        return object;
    }

    private static String eventId(JsonObject event) {
        JsonValue id = event.get("id");
        if (!(id instanceof JsonString text) || text.getString().isBlank() || text.getString().length() > 255) {
            throw new InvalidField("id", "is required: a string of 1 to 255 characters that names the event once");
        }
        return text.getString();
    }
}
