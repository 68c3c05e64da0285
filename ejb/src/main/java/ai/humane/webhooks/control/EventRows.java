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
 * The event and fan-out statements also compose into a caller's data-modifying CTE (see {@link #event} and
 * {@link #fanOut}), so a write and its events can be one round trip.
 */
public class EventRows {

    // One event per row of the FROM clause filled in (none: exactly one); 7 parameters, bound by bindEvent.
    private static final String EVENT = """
            INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
            SELECT ?::uuid, humane_current_tenant(), ?::text, jsonb_build_object('id', ?::text, 'type', ?::text,
                    'created_at', ?::text, 'tenant_id', humane_current_tenant(), 'data', ?::jsonb), ?::timestamptz %s""";

    // Fan-out: one delivery per enabled endpoint subscribed to the type, or to everything ("*"), for every event
    // (id, type) of the relation filled in.
    private static final String FAN_OUT = """
            INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id)
            SELECT gen_random_uuid(), e.tenant_id, e.id, ev.id
              FROM %s ev, webhook_endpoints e
             WHERE e.enabled AND (e.events @> jsonb_build_array(ev.type) OR e.events @> '["*"]'::jsonb)""";

    private static final String FAN_OUT_ONE = FAN_OUT.formatted("(SELECT ?::uuid AS id, ?::text AS type)");

    // One endpoint's delivery (a test event), held when the endpoint is disabled: held deliveries are out of the due
    // index until it is enabled (V43).
    private static final String ONE = """
            INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, status)
            SELECT gen_random_uuid(), e.tenant_id, e.id, ?, CASE WHEN e.enabled THEN 'pending' ELSE 'held' END
              FROM webhook_endpoints e WHERE e.id = ?""";

    /** @param endpointId only this endpoint, or null for every subscribed one */
    public UUID emit(Connection db, String type, String data, UUID endpointId) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement event = db.prepareStatement(EVENT.formatted(""))) {
            bindEvent(event, 1, id, type, data);
            event.executeUpdate();
        }
        try (PreparedStatement fanOut = db.prepareStatement(endpointId == null ? FAN_OUT_ONE : ONE)) {
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

    /**
     * The body of a CTE that inserts one event for each row of {@code from} (a FROM clause: the event exists only
     * if that row does) and returns its {@code id, type}; bind its 7 parameters with {@link #bindEvent}.
     */
    public static String event(String from) {
        return EVENT.formatted(from) + " RETURNING id, type";
    }

    /** The body of a CTE that fans out every event (columns {@code id, type}) of {@code events}; no parameters. */
    public static String fanOut(String events) {
        return FAN_OUT.formatted(events);
    }

    /** Binds an event's parameters from {@code at} on, created now; answers the next parameter's index. */
    public static int bindEvent(PreparedStatement statement, int at, UUID id, String type, String data) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        statement.setObject(at, id);
        statement.setString(at + 1, type);
        statement.setString(at + 2, id.toString());
        statement.setString(at + 3, type);
        statement.setString(at + 4, now.toString());
        statement.setString(at + 5, data);
        statement.setObject(at + 6, java.sql.Timestamp.from(now));
        return at + 7;
    }
}
