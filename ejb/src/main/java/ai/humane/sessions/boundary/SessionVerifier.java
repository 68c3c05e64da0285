package ai.humane.sessions.boundary;

import ai.humane.crypto.control.OpaqueToken;
import ai.humane.sessions.control.SessionCaller;
import ai.humane.sessions.control.SessionPolicy;
import ai.humane.tenancy.entity.Role;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Finds the signed-in user behind a session cookie (S3) on every request: by the hash of the
 * cookie, through the one function that may look before a tenant is known. Revoked, expired and
 * past-the-cap sessions are refused; the role is read fresh, so a role change holds at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class SessionVerifier {

    private static final String LOOKUP = "SELECT id, tenant_id, user_id, role, verification_required, csrf_hash,"
            + " refreshed_at, expires_at, absolute_expires_at, revoked_at, baa, second_factor_missing, plan"
            + " FROM session_by_hash(?)";

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    public Optional<SessionCaller> verify(String cookie, Instant now) {
        if (!OpaqueToken.plausible(cookie)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement lookup = c.prepareStatement(LOOKUP)) {
            lookup.setBytes(1, OpaqueToken.hash(cookie));
            try (ResultSet row = lookup.executeQuery()) {
                if (!row.next() || row.getTimestamp("revoked_at") != null
                        || !row.getTimestamp("expires_at").toInstant().isAfter(now)
                        || !row.getTimestamp("absolute_expires_at").toInstant().isAfter(now)) {
                    return Optional.empty();
                }
                return Optional.of(presented(row, now));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Session lookup failed", e);
        }
    }

    private static SessionCaller presented(ResultSet row, Instant now) throws SQLException {
        boolean refreshDue = row.getTimestamp("refreshed_at").toInstant()
                .plus(SessionPolicy.refreshEvery(row.getBoolean("baa"))).isBefore(now);
        return new SessionCaller(row.getObject("tenant_id", UUID.class), row.getObject("user_id", UUID.class),
                Role.of(row.getString("role")).orElseThrow(), row.getBoolean("verification_required"),
                row.getObject("id", UUID.class), row.getBytes("csrf_hash"), refreshDue,
                row.getBoolean("second_factor_missing"), row.getString("plan"));
    }
}
