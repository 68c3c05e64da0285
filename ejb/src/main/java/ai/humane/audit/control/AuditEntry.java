package ai.humane.audit.control;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a feature asks to record: the actor, a dotted action ({@code api_key.created}), the resource,
 * and its state before and after as JSON object text (null when there is none). Keys named like a
 * credential are stripped from both documents by the database before anything is hashed or stored.
 */
public record AuditEntry(AuditActor actor, String action, String resourceType, String resourceId,
                         String before, String after, String clientIp) {

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[a-z][a-z0-9_]*");

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        if (action == null || action.length() > 100 || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("An audit action is dotted lower-case words, such as api_key.created: " + action);
        }
        if (resourceType == null || resourceType.length() > 100 || !RESOURCE_TYPE.matcher(resourceType).matches()) {
            throw new IllegalArgumentException("A resource type is a lower-case word, such as api_key: " + resourceType);
        }
        if (resourceId != null && (resourceId.isEmpty() || resourceId.length() > 200)) {
            throw new IllegalArgumentException("A resource id has 1 to 200 characters");
        }
        if (clientIp != null && (clientIp.isEmpty() || clientIp.length() > 100)) {
            clientIp = null;
        }
    }
}
