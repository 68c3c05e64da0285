package ai.humane.sessions.control;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/**
 * Whether a tenant's own SSO connection still vouches as it did when a sign-in began (S5, S6; V59): its row is there,
 * a SAML one is enabled, and it names the same provider. The row is read {@code FOR SHARE}, in the tenant's scope and
 * the caller's transaction, so a deletion, a disabling or a re-pointing of the connection waits for the transaction
 * that relies on it and then ends what that transaction opened ({@code Sessions.endOpenedThrough}); or, when the change
 * came first, this finds nothing and the sign-in is refused. Without it, a sign-in whose token exchange the provider
 * held past the owner's deletion (up to 45 s) opened a session after the deletion had ended the others (a review,
 * 2026-12-07).
 */
public final class ConnectionStanding {

    private static final String OIDC = "SELECT issuer FROM oidc_connections WHERE id = ?1 FOR SHARE";
    private static final String SAML = "SELECT idp_entity_id FROM saml_connections WHERE id = ?1 AND enabled FOR SHARE";

    private ConnectionStanding() {
    }

    /** The OIDC connection {@code connection} is there and still names {@code issuer}. */
    public static boolean oidcHolds(EntityManager em, UUID connection, String issuer) {
        return names(em, OIDC, connection, issuer);
    }

    /** The SAML connection {@code connection} is there, enabled, and still names the IdP entity {@code entityId}. */
    public static boolean samlHolds(EntityManager em, UUID connection, String entityId) {
        return names(em, SAML, connection, entityId);
    }

    /**
     * The connection a challenge names (of either protocol) is there and, a SAML one, enabled: a re-pointing spent the
     * challenge already ({@code Sessions.endOpenedThrough}), and the lock orders this against one still under way.
     */
    public static boolean holds(EntityManager em, UUID connection) {
        return names(em, OIDC, connection, null) || names(em, SAML, connection, null);
    }

    private static boolean names(EntityManager em, String sql, UUID connection, String provider) {
        List<?> rows = em.createNativeQuery(sql).setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, connection).getResultList();
        return !rows.isEmpty() && (provider == null || provider.equals(rows.get(0)));
    }
}
