package ai.humane.audit.control;

import ai.humane.audit.entity.AuditEvent;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Keyset pages of the audit log by seq: the list newest first with an opaque cursor, the export
 * oldest first in batches, so neither ever holds the whole log.
 */
public final class AuditPages {

    private AuditPages() {
    }

    public static Listing.Page<AuditEvent> newestFirst(EntityManager em, AuditFilter filter, int limit, String cursor) {
        if (limit < 1 || limit > Listing.MAX_LIMIT) {
            throw new InvalidField("limit", "must be between 1 and " + Listing.MAX_LIMIT);
        }
        Long before = cursor == null || cursor.isEmpty() ? null : decode(cursor);
        String where = filter.conditions() + (before == null ? "" : " AND e.seq < :before");
        var query = filter.bind(em.createQuery("SELECT e FROM AuditEvent e WHERE " + where + " ORDER BY e.seq DESC",
                AuditEvent.class)).setMaxResults(limit + 1);
        if (before != null) {
            query.setParameter("before", before);
        }
        List<AuditEvent> found = query.getResultList();
        boolean more = found.size() > limit;
        List<AuditEvent> items = more ? found.subList(0, limit) : found;
        return new Listing.Page<>(List.copyOf(items), more ? encode(items.get(limit - 1).seq()) : null);
    }

    public static List<AuditEvent> oldestFirst(EntityManager em, AuditFilter filter, long afterSeq, int size) {
        return filter.bind(em.createQuery("SELECT e FROM AuditEvent e WHERE " + filter.conditions()
                        + " AND e.seq > :after ORDER BY e.seq", AuditEvent.class))
                .setParameter("after", afterSeq)
                .setMaxResults(size)
                .getResultList();
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("seq:")) {
                return Long.parseLong(text.substring(4));
            }
        } catch (IllegalArgumentException e) {
            // answered below like any other foreign cursor
        }
        throw new InvalidField("cursor", "is not a cursor this API issued");
    }
}
