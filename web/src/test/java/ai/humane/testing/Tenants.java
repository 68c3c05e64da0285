package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.apikeys.entity.ApiKeySecret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Creates tenants the way the operator command does, each with its owner and owner API key. */
public final class Tenants {

    private Tenants() {
    }

    public static TenantProvisioning.Provisioned create(String label) {
        var db = TestPlatform.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            return new TenantProvisioning().provision(c, label + " " + unique, label.toLowerCase() + "-" + unique + "@example.test",
                    label + " Owner");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A read-scoped key of {@code tenant} with a role below admin: such keys cannot be issued through the API (a key
     * has its issuer's role), so it is stored directly.
     */
    public static String keyWithRole(UUID tenant, String role) throws SQLException {
        ApiKeySecret secret = ApiKeySecret.generate();
        try (Connection c = TestPlatform.superuser(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, scopes) VALUES (?, ?, ?, ?, ?, ?, 'read')")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, tenant);
            insert.setString(3, role + " key");
            insert.setString(4, secret.prefix());
            insert.setBytes(5, secret.hash());
            insert.setString(6, role);
            insert.executeUpdate();
        }
        return secret.value();
    }
}
