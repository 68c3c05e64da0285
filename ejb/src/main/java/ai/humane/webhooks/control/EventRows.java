package ai.humane.webhooks.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The SQL of the event outbox, on the connection of the caller's transaction. The tenant comes from the
 * transaction's row-level-security scope, not from an argument, so an event cannot land in another tenant.
 */
public class EventRows {

    private static final String EVENT = """
            INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
            VALUES (?, humane_current_tenant(), ?, jsonb_build_object('id', ?::text, 'type', ?::text,
                    'created_at', ?::text, 'tenant_id', humane_current_tenant(), 'data', ?::jsonb), ?)""";

    // Fan-out: one delivery per enabled endpoint subscribed to the type, or to everything ("*").
    private static final String FAN_OUT = """
            INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id)
            SELECT gen_random_uuid(), e.tenant_id, e.id, ?
              FROM webhook_endpoints e
             WHERE e.enabled AND (e.events @> jsonb_build_array(?::text) OR e.events @> '["*"]'::jsonb)""";

    private static final String ONE = """
            INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id)
            SELECT gen_random_uuid(), e.tenant_id, e.id, ? FROM webhook_endpoints e WHERE e.id = ?""";

    /** @param endpointId only this endpoint, or null for every subscribed one */
    public UUID emit(Connection db, String type, String data, UUID endpointId) throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (PreparedStatement event = db.prepareStatement(EVENT)) {
            event.setObject(1, id);
            event.setString(2, type);
            event.setString(3, id.toString());
            event.setString(4, type);
            event.setString(5, now.toString());
            event.setString(6, data);
            event.setObject(7, java.sql.Timestamp.from(now));
            event.executeUpdate();
        }
        try (PreparedStatement fanOut = db.prepareStatement(endpointId == null ? FAN_OUT : ONE)) {
            fanOut.setObject(1, id);
            if (endpointId == null) {
                fanOut.setString(2, type);
            } else {
                fanOut.setObject(2, endpointId);
            }
            fanOut.executeUpdate();
        }
        return id;
    }
}
