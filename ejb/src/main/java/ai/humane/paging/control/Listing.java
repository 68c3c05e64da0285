package ai.humane.paging.control;

import ai.humane.problems.control.InvalidField;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Newest-first keyset pages of a tenant's objects. The cursor is opaque to clients: the creation
 * time and id of the last object seen, so pages stay stable while objects are added.
 */
public final class Listing {

    public static final int MAX_LIMIT = 200;

    private Listing() {
    }

    /** The {@code limit} query parameter: absent means 50; anything but 1 to 200 is refused. */
    public static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like any other out-of-range value
        }
        throw new InvalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    public static <T extends TenantOwned> Page<T> page(EntityManager em, Class<T> type, String condition,
                                                       Map<String, Object> parameters, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String where = condition == null ? "TRUE = TRUE" : condition;
        Position after = cursor == null || cursor.isEmpty() ? null : Position.decode(cursor);
        if (after != null) {
            where += " AND (x.createdAt < :cursorTime OR (x.createdAt = :cursorTime AND x.id < :cursorId))";
        }
        TypedQuery<T> query = em.createQuery("SELECT x FROM " + type.getSimpleName() + " x WHERE " + where
                + " ORDER BY x.createdAt DESC, x.id DESC", type).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        if (after != null) {
            query.setParameter("cursorTime", after.createdAt()).setParameter("cursorId", after.id());
        }
        List<T> found = query.getResultList();
        boolean more = found.size() > limit;
        List<T> items = more ? found.subList(0, limit) : found;
        String next = more ? new Position(items.get(limit - 1).createdAt(), items.get(limit - 1).id()).encode() : null;
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * The position a cursor names, for lists read with SQL rather than JPQL (same order: created_at, then id,
     * descending); null for no cursor. A cursor this API did not issue is refused as {@link #page} refuses it.
     */
    public static Position position(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : Position.decode(cursor);
    }

    /** One page and the cursor of the next, or null on the last page. */
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /** Where a page ends: the creation time and id of its last object. */
    public record Position(OffsetDateTime createdAt, UUID id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                OffsetDateTime createdAt = OffsetDateTime.parse(parts[0]);
                if (createdAt.getYear() < 1 || createdAt.getYear() > 9999) {
                    // Parsed, but beyond what PostgreSQL's timestamps hold: the query failed, a 500.
                    throw new DateTimeParseException("year out of range", parts[0], 0);
                }
                return new Position(createdAt, UUID.fromString(parts[1]));
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                throw new InvalidField("cursor", "is not a cursor this API issued");
            }
        }
    }
}
