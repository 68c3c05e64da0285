package ai.humane.audit.control;

import ai.humane.problems.control.InvalidField;
import ai.humane.tenancy.control.TenantCaller;
import java.util.Objects;
import java.util.UUID;

/**
 * Who did it: a user, an API key, or the system (a timer, the operator command), written
 * {@code user:<uuid>}, {@code api_key:<uuid>} or {@code system} in filters.
 */
public record AuditActor(String type, UUID id) {

    public static final String USER = "user";
    public static final String API_KEY = "api_key";
    public static final String SYSTEM = "system";

    public AuditActor {
        Objects.requireNonNull(type, "type");
        if (!SYSTEM.equals(type) && !USER.equals(type) && !API_KEY.equals(type)) {
            throw new IllegalArgumentException("Unknown actor type " + type);
        }
        if (!SYSTEM.equals(type) && id == null) {
            throw new IllegalArgumentException("A " + type + " actor needs its id");
        }
    }

    public static AuditActor user(UUID id) {
        return new AuditActor(USER, id);
    }

    public static AuditActor apiKey(UUID id) {
        return new AuditActor(API_KEY, id);
    }

    public static AuditActor system() {
        return new AuditActor(SYSTEM, null);
    }

    public static AuditActor of(TenantCaller caller) {
        return caller.kind() == TenantCaller.Kind.API_KEY ? apiKey(caller.actorId()) : user(caller.actorId());
    }

    /** The {@code actor} filter of the API; anything else is a validation failure. */
    public static AuditActor parse(String filter) {
        if (SYSTEM.equals(filter)) {
            return system();
        }
        int colon = filter.indexOf(':');
        String type = colon < 0 ? "" : filter.substring(0, colon);
        if (USER.equals(type) || API_KEY.equals(type)) {
            try {
                return new AuditActor(type, UUID.fromString(filter.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                // answered below with the expected form
            }
        }
        throw new InvalidField("actor", "must be user:<uuid>, api_key:<uuid> or system");
    }

    @Override
    public String toString() {
        return id == null ? type : type + ":" + id;
    }
}
