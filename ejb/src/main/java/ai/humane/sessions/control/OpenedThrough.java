package ai.humane.sessions.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What a tenant's own SSO connection vouched for (S5, S6; V59): the sessions it opened and the sign-ins it began that
 * still wait for a second factor's code or a confirmation. They end together when the connection no longer vouches as
 * it did (deleted, disabled, or naming another provider, by an owner or by its IdP's refreshed metadata), in the
 * transaction that changed the connection and in its tenant: the change's row lock orders this against a sign-in
 * relying on the connection ({@link ConnectionStanding}).
 */
public final class OpenedThrough {

    private static final String SPEND_CHALLENGES = "UPDATE mfa_challenges SET used_at = now() WHERE connection_id = ? "
            + "AND used_at IS NULL";
    private static final String END_SESSIONS = "UPDATE sessions SET revoked_at = now() WHERE sso_connection_id = ? "
            + "AND revoked_at IS NULL";

    private OpenedThrough() {
    }

    /** Ends what {@code connection} opened and spends what it began, on {@code tx}; answers how many sessions ended. */
    public static int end(Connection tx, UUID connection) throws SQLException {
        try (PreparedStatement spend = tx.prepareStatement(SPEND_CHALLENGES)) {
            spend.setObject(1, connection);
            spend.executeUpdate();
        }
        try (PreparedStatement end = tx.prepareStatement(END_SESSIONS)) {
            end.setObject(1, connection);
            return end.executeUpdate();
        }
    }
}
