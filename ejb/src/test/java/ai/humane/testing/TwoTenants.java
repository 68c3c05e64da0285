package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A new database at the newest migration with two tenants, each provisioned with its owner as a sign-up does: for
 * the work that runs without a tenant across all of them (the purges), which must reach both and nothing else.
 */
public record TwoTenants(DatabaseSettings db, UUID first, UUID firstOwner, UUID second, UUID secondOwner) {

    public static TwoTenants migrated() throws SQLException {
        DatabaseSettings db = TestDatabases.migrated();
        try (Connection app = TestDatabases.asApp(db)) {
            TenantProvisioning.Provisioned a = new TenantProvisioning().provision(app, "First", "a@example.test", "A");
            TenantProvisioning.Provisioned b = new TenantProvisioning().provision(app, "Second", "b@example.test", "B");
            return new TwoTenants(db, a.tenantId(), a.ownerId(), b.tenantId(), b.ownerId());
        }
    }

    /** A label padded to the 32 bytes a hash column's CHECK requires, so that a test can name its rows by the hash. */
    public static byte[] labelAsHash(String label) {
        return String.format("%-32s", label).getBytes(StandardCharsets.US_ASCII);
    }
}
