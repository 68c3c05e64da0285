package ai.humane.billing.control;

import ai.humane.sessions.control.SessionPolicy;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * What accepting a BAA (O6) does at once to what already exists: every live session of the tenant is brought
 * under the 15-minute idle and 12-hour absolute limits (its opening time is its absolute cap less 90 days), and
 * every live API key expires within 90 days. New sessions and keys get these limits when they are made.
 */
public final class BaaSafeguards {

    /** The BAA's limits on a session (?2: the absolute cap, ?3: the idle time, in seconds): for all of the tenant's live sessions or for one. */
    private static final String LIMITED = """
            UPDATE sessions SET
                absolute_expires_at = least(absolute_expires_at, created_at + make_interval(secs => ?2)),
                expires_at = least(expires_at, now() + make_interval(secs => ?3), created_at + make_interval(secs => ?2))
            """;
    private static final String SESSIONS = LIMITED + "WHERE revoked_at IS NULL";
    private static final String SESSION = LIMITED + "WHERE id = ?1 RETURNING created_at + make_interval(secs => ?2) > now()";
    private static final String KEYS = """
            UPDATE api_keys SET expires_at = least(coalesce(expires_at, now() + make_interval(secs => ?1)),
                                                   now() + make_interval(secs => ?1))
            WHERE revoked_at IS NULL""";

    private static final String STANDING = "SELECT baa_accepted_at IS NOT NULL FROM tenants WHERE id = ?1 FOR KEY SHARE";

    /**
     * Whether the tenant is under a BAA, for a transaction that is about to make a session or a key: read under a
     * key-share lock on the tenant's row, which an acceptance's lock for update excludes. An acceptance under way
     * is waited for, so its answer is read; one that starts after this read waits until this transaction has
     * committed, so the safeguards it applies see what this one made. A plain read answered "no BAA" while an
     * acceptance ran, whose safeguards could not see the uncommitted session or key: it kept the ordinary limits.
     * Key-share conflicts with nothing else a request takes on the row (the team's lock is no-key-update).
     */
    public static boolean standing(EntityManager em, UUID tenant) {
        return (Boolean) em.createNativeQuery(STANDING).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, tenant).getSingleResult();
    }

    /**
     * Brings one session of the current tenant, just moved into it, under the BAA's limits; false when it was signed
     * in longer ago than they allow (then it has ended: the caller rolls back or lets it go).
     */
    public static boolean limitSession(EntityManager em, UUID session) {
        return (Boolean) em.createNativeQuery(SESSION).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, session)
                .setParameter(2, SessionPolicy.BAA_ABSOLUTE.toSeconds())
                .setParameter(3, SessionPolicy.BAA_IDLE.toSeconds())
                .getSingleResult();
    }

    /** Runs in the caller's transaction, in the tenant's scope (row-level security picks the rows). */
    public void applyNow(EntityManager em, UUID tenant) {
        em.createNativeQuery(SESSIONS).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(2, SessionPolicy.BAA_ABSOLUTE.toSeconds())
                .setParameter(3, SessionPolicy.BAA_IDLE.toSeconds())
                .executeUpdate();
        em.createNativeQuery(KEYS).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, SessionPolicy.BAA_API_KEY_LIFETIME.toSeconds())
                .executeUpdate();
    }
}
