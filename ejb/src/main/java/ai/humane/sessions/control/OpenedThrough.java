package ai.humane.sessions.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What a tenant's own SSO connection vouched for (S5, S6; V59): the sessions it opened and the sign-ins it began that
 * still wait for a second factor's code or a confirmation. They end together when the connection no longer vouches as
 * it did (deleted, disabled, or naming another provider, by an owner or by its IdP's refreshed metadata; or, for the
 * people of one domain, when the tenant's proof of that domain is deleted), in the
 * transaction that changed the connection and in its tenant: the change's row lock orders this against a sign-in
 * relying on the connection ({@link ConnectionStanding}).
 */
public final class OpenedThrough {

    private static final String SPEND_CHALLENGES = "UPDATE mfa_challenges SET used_at = now() WHERE connection_id = ? "
            + "AND used_at IS NULL";
    private static final String END_SESSIONS = "UPDATE sessions SET revoked_at = now() WHERE sso_connection_id = ? "
            + "AND revoked_at IS NULL";

    /** The same, of the people of one e-mail domain, through whichever of the tenant's connections. */
    private static final String SPEND_DOMAINS_CHALLENGES = "UPDATE mfa_challenges c SET used_at = now() FROM users u"
            + " WHERE u.tenant_id = c.tenant_id AND u.id = c.user_id AND c.connection_id IS NOT NULL AND c.used_at IS NULL"
            + " AND split_part(lower(u.email), '@', 2) = ?";
    private static final String END_DOMAINS_SESSIONS = "UPDATE sessions s SET revoked_at = now() FROM users u"
            + " WHERE u.tenant_id = s.tenant_id AND u.id = s.user_id AND s.sso_connection_id IS NOT NULL"
            + " AND s.revoked_at IS NULL AND split_part(lower(u.email), '@', 2) = ?";

    private OpenedThrough() {
    }

    /** Ends what {@code connection} opened and spends what it began, on {@code tx}; answers how many sessions ended. */
    public static int end(Connection tx, UUID connection) throws SQLException {
        return end(tx, SPEND_CHALLENGES, END_SESSIONS, connection);
    }

    /**
     * Ends what the tenant's connections (of either protocol) opened for the people of e-mail {@code domain}, and spends
     * what they began, on {@code tx} in the tenant's scope: a connection vouches only for its tenant's verified
     * domains, so a domain that is no longer verified takes back what was vouched for under it. Answers how many
     * sessions ended.
     */
    public static int endForDomain(Connection tx, String domain) throws SQLException {
        return end(tx, SPEND_DOMAINS_CHALLENGES, END_DOMAINS_SESSIONS, domain);
    }

    private static int end(Connection tx, String spendChallenges, String endSessions, Object of) throws SQLException {
        try (PreparedStatement spend = tx.prepareStatement(spendChallenges)) {
            spend.setObject(1, of);
            spend.executeUpdate();
        }
        try (PreparedStatement end = tx.prepareStatement(endSessions)) {
            end.setObject(1, of);
            return end.executeUpdate();
        }
    }
}
