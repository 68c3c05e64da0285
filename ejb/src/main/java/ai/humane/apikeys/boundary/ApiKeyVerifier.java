package ai.humane.apikeys.boundary;

import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Finds the caller behind a presented API key. No tenant is known yet, so the lookup goes through
 * the one database function that may read across tenants, by exact prefix; the hash is then
 * compared in constant time. Nothing is cached: a revocation holds from the next request on.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ApiKeyVerifier {

    /** The tenant's plan comes along for the rate limiter (A1, V28), which would otherwise look it up in the grid. */
    private static final String LOOKUP =
            "SELECT id, tenant_id, key_hash, role, scopes, revoked_at, plan FROM api_key_by_prefix(?)";

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    public Optional<TenantCaller> verify(String token) {
        Optional<ApiKeySecret> presented = ApiKeySecret.parse(token);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement lookup = c.prepareStatement(LOOKUP)) {
            lookup.setString(1, presented.get().prefix());
            try (ResultSet row = lookup.executeQuery()) {
                if (!row.next() || row.getTimestamp("revoked_at") != null || !presented.get().matches(row.getBytes("key_hash"))) {
                    return Optional.empty();
                }
                return Optional.of(new TenantCaller(row.getObject("tenant_id", UUID.class),
                        row.getObject("id", UUID.class), TenantCaller.Kind.API_KEY,
                        Role.of(row.getString("role")).orElseThrow(), Scope.fromColumn(row.getString("scopes")),
                        false, row.getString("plan")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("API key lookup failed", e);
        }
    }
}
