package ai.humane.sessions.boundary;

import ai.humane.sessions.control.TokenCaller;
import ai.humane.sessions.control.TokenClaims;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Finds the caller behind an access token (S4) on every request. The signature, times and claims are checked
 * first, without the database; then one query by primary key asks whether the session (a user's token) or the
 * API key (a key's token) the token was issued from is still alive, and what role it holds now. Sign-out, a
 * password change or reset, removal from the team and key revocation all end the credential, so its tokens
 * are refused from the next request on, on every instance; a demotion lowers the token's role at once. Nothing
 * is cached, as for session cookies and API keys.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AccessTokenVerifier {

    private static final String SESSION = "SELECT tenant_id, user_id, role, verification_required, plan,"
            + " second_factor_missing FROM session_standing(?)";
    private static final String API_KEY = "SELECT tenant_id, role, scopes, plan FROM api_key_standing(?)";

    @Inject
    AccessTokenKeys keys;

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    public Optional<TokenCaller> verify(String token) {
        Optional<TokenClaims> claims = keys.tokens().verify(token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            return claims.get().isApiKey() ? apiKey(c, claims.get()) : session(c, claims.get());
        } catch (SQLException e) {
            throw new IllegalStateException("Access token standing lookup failed", e);
        }
    }

    private static Optional<TokenCaller> session(Connection c, TokenClaims claims) throws SQLException {
        try (PreparedStatement lookup = c.prepareStatement(SESSION)) {
            lookup.setObject(1, claims.sessionId());
            try (ResultSet row = lookup.executeQuery()) {
                if (!row.next() || !claims.tenantId().equals(row.getObject("tenant_id", UUID.class))
                        || !claims.principalId().equals(row.getObject("user_id", UUID.class))) {
                    return Optional.empty();
                }
                return Optional.of(new TokenCaller(claims.tenantId(), claims.principalId(), TenantCaller.Kind.USER,
                        lesser(claims.role(), row.getString("role")), scope(claims, Scope.WRITE),
                        row.getBoolean("verification_required"), claims.sessionId(), row.getString("plan"),
                        row.getBoolean("second_factor_missing")));
            }
        }
    }

    private static Optional<TokenCaller> apiKey(Connection c, TokenClaims claims) throws SQLException {
        try (PreparedStatement lookup = c.prepareStatement(API_KEY)) {
            lookup.setObject(1, claims.principalId());
            try (ResultSet row = lookup.executeQuery()) {
                if (!row.next() || !claims.tenantId().equals(row.getObject("tenant_id", UUID.class))) {
                    return Optional.empty();
                }
                return Optional.of(new TokenCaller(claims.tenantId(), claims.principalId(), TenantCaller.Kind.API_KEY,
                        lesser(claims.role(), row.getString("role")), scope(claims, Scope.fromColumn(row.getString("scopes"))),
                        false, null, row.getString("plan")));
            }
        }
    }

    /** The weaker of the role the token was issued with and the one its credential holds now. */
    static Role lesser(String issued, String current) {
        return Role.of(issued).orElseThrow().lesser(Role.of(current).orElseThrow());
    }

    /** Write only when the token was issued with it and its credential still has it. */
    static Scope scope(TokenClaims claims, Scope current) {
        return claims.hasScope("write") && current == Scope.WRITE ? Scope.WRITE : Scope.READ;
    }
}
