package ai.humane.webhooks.boundary;

import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.InboundSignature;
import ai.humane.webhooks.control.SignatureRejected;
import ai.humane.webhooks.control.WebhookSecrets;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Accepts events customers send for an engine (W2). No caller is authenticated: the signature is the
 * credential, checked against the engine's secrets before the tenant is entered, and an event id the
 * engine has seen is a replay. Any refusal rolls back, so nothing of a refused request is stored.
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
    WebhookSecrets secrets;

    /** Answers the id the event is stored under. */
    public UUID accept(UUID engineId, String signature, String eventId, byte[] body) {
        Object[] found = lookUp(engineId);
        InboundSignature.verify(signature, body, active(found), Instant.now());
        if (eventId == null || eventId.isBlank() || eventId.length() > 255) {
            throw new InvalidField("Humane-Event-Id", "is required: 1 to 255 characters");
        }
        TenantScope.enter(em, (UUID) found[0]);
        UUID id = UUID.randomUUID();
        int stored = em.createNativeQuery(RECORD)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id).setParameter(2, engineId)
                .setParameter(3, eventId).setParameter(4, object(body).toString()).executeUpdate();
        if (stored != 1) {
            throw new Conflict("Event " + eventId + " was received before (a replay)");
        }
        return id;
    }

    private Object[] lookUp(UUID engineId) {
        List<?> rows = em.createNativeQuery("SELECT * FROM inbound_secret_of_engine(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, engineId).getResultList();
        if (rows.isEmpty()) {
            throw new SignatureRejected("no signature matches a secret of this engine");
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
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidField("body", "must be a JSON object");
        }
    }
}
