package ai.humane.audit.boundary;

import ai.humane.audit.entity.AuditEvent;
import ai.humane.edge.boundary.JsonColumns;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One audit event as the list and the JSON Lines export show it, with its place in the chain
 * ({@code prev_hash}, {@code hash}, hex) so an exported copy can be compared with a later one.
 */
public record AuditEventView(UUID id, long seq, Instant createdAt, Actor actor, String action, Resource resource,
                             JsonObject before, JsonObject after, String clientIp, String prevHash, String hash) {

    static AuditEventView of(AuditEvent event) {
        return new AuditEventView(event.id(), event.seq(), event.createdAt().toInstant(),
                new Actor(event.actorType(), event.actorId()), event.action(),
                new Resource(event.resourceType(), event.resourceId()),
                event.before() == null ? null : JsonColumns.object(event.before()),
                event.after() == null ? null : JsonColumns.object(event.after()),
                event.clientIp(), HexFormat.of().formatHex(event.prevHash()), HexFormat.of().formatHex(event.hash()));
    }

    /** {@code type} is user, api_key or system; a system actor has no id. */
    public record Actor(String type, UUID id) {
    }

    public record Resource(String type, String id) {
    }
}
