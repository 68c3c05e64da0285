package ai.humane.ratelimit.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The plan of a tenant, read from PostgreSQL on every request and never cached: a plan change
 * ({@code PUT /billing/plan}) holds on every instance from the next request. One round trip, outside any
 * transaction (the filters run before one), through {@code tenant_plan(uuid)} (V23), which answers one exact tenant's plan.
 */
@ApplicationScoped
public class TenantPlans {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    /** An unknown tenant reads as {@code free}: the smallest ceiling, failing closed. */
    public String plan(UUID tenant) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT tenant_plan(?)")) {
            query.setObject(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                String plan = row.next() ? row.getString(1) : null;
                return plan == null ? "free" : plan;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The tenant's plan could not be read", e);
        }
    }
}
