package ai.humane.idempotency.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A2: the claim of the request the current thread is serving, marked carried out inside each of the request's
 * business transactions as its tenant is raised ({@code TenantScope}), so the mark commits exactly when the work
 * does and rolls back with it. Without it, a request whose work had committed but whose answer was never stored
 * (its instance died in between) looked like one that had done nothing, and a retry took its claim over after five
 * minutes and ran it again: a second key, message or endpoint. The claim is kept on the thread from the claim to
 * the response (the idempotency filter sets and clears it); only a claim of the tenant being raised is marked.
 */
public final class CarriedOut {

    private static final ThreadLocal<Claim.Claimed> SERVING = new ThreadLocal<>();
    private static final String MARK = """
            UPDATE idempotency_keys SET carried_out = true
             WHERE tenant_id = ? AND credential = ? AND key = ? AND state = 'running' AND claimed_at = ?
               AND NOT carried_out""";

    private CarriedOut() {
    }

    /** The thread serves the request that holds {@code claimed}. */
    public static void serving(Claim.Claimed claimed) {
        SERVING.set(claimed);
    }

    /** The request's work is over (its answer is being sent), or the thread serves another request. */
    public static void served() {
        SERVING.remove();
    }

    /** In the open transaction of {@code db}, after the tenant was raised: marks the claim being served, if any. */
    public static void mark(Connection db, UUID tenant) throws SQLException {
        Claim.Claimed claimed = SERVING.get();
        if (claimed == null || !claimed.scope().tenant().equals(tenant)) {
            return;
        }
        try (PreparedStatement mark = db.prepareStatement(MARK)) {
            mark.setObject(1, claimed.scope().tenant());
            mark.setString(2, claimed.scope().credential());
            mark.setString(3, claimed.scope().key());
            mark.setObject(4, claimed.at());
            mark.executeUpdate();
        }
    }
}
