package ai.humane.webhooks.control;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.tenancy.control.TenantTransactions;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** A migrated database of its own; tenants, endpoints and events made as the runtime role, inside each tenant's scope. */
final class WebhookDatabase {

    final DatabaseSettings db;

    private WebhookDatabase(DatabaseSettings db) {
        this.db = db;
    }

    static WebhookDatabase migrated() {
        DatabaseSettings db = TestDatabases.migrated();
        return new WebhookDatabase(db);
    }

    Connection app() throws SQLException {
        return TestDatabases.asApp(db);
    }

    /** A tenant and its owner; answers the tenant id. */
    TenantProvisioning.Provisioned tenant(String owner) throws SQLException {
        try (Connection c = app()) {
            return new TenantProvisioning().provision(c, "Hooks " + UUID.randomUUID(), owner, "Owner");
        }
    }

    UUID endpoint(UUID tenant, String events, boolean enabled) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = app()) {
            TenantTransactions.inTenant(c, tenant, tx -> {
                try (PreparedStatement insert = tx.prepareStatement("INSERT INTO webhook_endpoints "
                        + "(id, tenant_id, url, events, enabled, secret) VALUES (?, ?, 'http://127.0.0.1:9/hook', ?::jsonb, ?, 'sealed')")) {
                    insert.setObject(1, id);
                    insert.setObject(2, tenant);
                    insert.setString(3, events);
                    insert.setBoolean(4, enabled);
                    return insert.executeUpdate();
                }
            });
        }
        return id;
    }

    UUID emit(UUID tenant, String type) throws SQLException {
        try (Connection c = app()) {
            return TenantTransactions.inTenant(c, tenant, tx -> new EventRows().emit(tx, type, "{\"n\":1}", null));
        }
    }

    /** Runs SQL as the superuser, who sees every tenant: to arrange and to check, never for the code under test. */
    String single(String sql, Object... parameters) throws SQLException {
        try (Connection c = TestDatabases.asSuperuser(db);
             PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            if (!sql.stripLeading().toUpperCase().startsWith("SELECT")) {
                return Integer.toString(query.executeUpdate());
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
