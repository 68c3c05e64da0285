package ai.humane.testing;

import ai.humane.accounts.control.TenantProvisioning;
import java.sql.Connection;
import java.sql.DriverManager;
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
}
