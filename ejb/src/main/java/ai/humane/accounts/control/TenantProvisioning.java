package ai.humane.accounts.control;

import ai.humane.apikeys.entity.ApiKeySecret;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Creates a tenant with its owner and a first owner API key, as the runtime role and inside the
 * new tenant's row-level security scope: the operator command that bootstraps the first credential.
 */
public final class TenantProvisioning {

    /** What was created; the API key's clear text exists only here. */
    public record Provisioned(UUID tenantId, UUID ownerId, String apiKey) {
    }

    public Provisioned provision(Connection connection, String organization, String email, String ownerName)
            throws SQLException {
        requireText("organization", organization, 200);
        requireText("name", ownerName, 200);
        String address = EmailAddress.canonical(email).map(EmailAddress::value)
                .orElseThrow(() -> new IllegalArgumentException("email is not an e-mail address in ASCII"));
        UUID tenant = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        ApiKeySecret key = ApiKeySecret.generate();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            TenantScope.enter(connection, tenant);
            run(connection, "INSERT INTO tenants (id, name) VALUES (?, ?)", tenant, organization);
            run(connection, "INSERT INTO people (id, email, email_verified_at) VALUES (?, ?, now())", owner, address);
            run(connection, "INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, ?, ?, ?)",
                    owner, tenant, owner, address, ownerName, Role.OWNER.value());
            run(connection, "INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, scopes, created_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), tenant, "Owner key (created by the operator)",
                    key.prefix(), key.hash(), Role.OWNER.value(), Scope.WRITE.column(), owner);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return new Provisioned(tenant, owner, key.value());
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(field + " must be 1 to " + max + " characters");
        }
    }

    private static void run(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
