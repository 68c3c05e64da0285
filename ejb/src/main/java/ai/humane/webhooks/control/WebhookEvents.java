package ai.humane.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes an event and its deliveries in the caller's transaction (outbox): an event exists only if the
 * change that caused it commits, and is delivered later by the dispatcher of any instance. The
 * transaction must be in a tenant's scope already; the event is that tenant's.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WebhookEvents {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    private final EventRows rows = new EventRows();

    /** Queues {@code type} with {@code data} for every enabled endpoint subscribed to it; answers the event id. */
    public UUID emit(String type, JsonObject data) {
        try {
            return rows.emit(em.unwrap(Connection.class), type, data.toString(), null);
        } catch (SQLException e) {
            throw new IllegalStateException("The event " + type + " could not be queued", e);
        }
    }

    /** Queues {@code type} for one endpoint only, whatever it subscribes to: the test event. */
    public UUID emitTo(UUID endpointId, String type, JsonObject data) {
        try {
            return rows.emit(em.unwrap(Connection.class), type, data.toString(), endpointId);
        } catch (SQLException e) {
            throw new IllegalStateException("The event " + type + " could not be queued", e);
        }
    }
}
