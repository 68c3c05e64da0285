package ai.humane.audit.control;

import ai.humane.problems.control.InvalidField;
import jakarta.persistence.TypedQuery;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The filters of the audit log's list and export: action, actor, and a time window (since inclusive, until exclusive). */
public record AuditFilter(String action, AuditActor actor, OffsetDateTime since, OffsetDateTime until) {

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null);

    /** From the raw query parameters; absent or empty means no filter, anything malformed is refused. */
    public static AuditFilter parse(String action, String actor, String since, String until) {
        if (present(action) && action.length() > 100) {
            throw new InvalidField("action", "must be at most 100 characters");
        }
        AuditFilter filter = new AuditFilter(present(action) ? action : null,
                present(actor) ? AuditActor.parse(actor) : null, time("since", since), time("until", until));
        if (filter.since() != null && filter.until() != null && !filter.since().isBefore(filter.until())) {
            throw new InvalidField("until", "must be later than since");
        }
        return filter;
    }

    /** JPQL conditions on {@code e}, joined by AND, or TRUE = TRUE without filters. */
    String conditions() {
        List<String> conditions = new ArrayList<>(List.of("TRUE = TRUE"));
        if (action != null) {
            conditions.add("e.action = :action");
        }
        if (actor != null) {
            conditions.add("e.actorType = :actorType");
            conditions.add(actor.id() == null ? "e.actorId IS NULL" : "e.actorId = :actorId");
        }
        if (since != null) {
            conditions.add("e.createdAt >= :since");
        }
        if (until != null) {
            conditions.add("e.createdAt < :until");
        }
        return String.join(" AND ", conditions);
    }

    <T> TypedQuery<T> bind(TypedQuery<T> query) {
        if (action != null) {
            query.setParameter("action", action);
        }
        if (actor != null) {
            query.setParameter("actorType", actor.type());
            if (actor.id() != null) {
                query.setParameter("actorId", actor.id());
            }
        }
        if (since != null) {
            query.setParameter("since", since);
        }
        if (until != null) {
            query.setParameter("until", until);
        }
        return query;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static OffsetDateTime time(String field, String value) {
        if (!present(value)) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(value);
            if (time.getYear() < 1 || time.getYear() > 9999) {
                // Parsed, but beyond what PostgreSQL's timestamps hold: the query failed, a 500.
                throw new DateTimeParseException("year out of range", value, 0);
            }
            return time;
        } catch (DateTimeParseException e) {
            throw new InvalidField(field, "must be an RFC 3339 date-time, such as 2026-01-31T12:00:00Z");
        }
    }
}
