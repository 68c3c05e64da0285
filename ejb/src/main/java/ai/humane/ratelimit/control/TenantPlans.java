package ai.humane.ratelimit.control;

import ai.humane.tenancy.control.TenantScope;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The plan of a tenant, cached for a minute per instance: plans change rarely and the limiter must
 * not add a second query to every request. The counters themselves are never cached.
 */
@ApplicationScoped
public class TenantPlans {

    private static final long TTL_MILLIS = 60_000;
    private static final int MAX_ENTRIES = 10_000;

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    public String plan(UUID tenant) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(tenant);
        if (cached != null && cached.until > now) {
            return cached.plan;
        }
        if (cache.size() > MAX_ENTRIES) {
            cache.clear();
        }
        String plan = read(tenant);
        cache.put(tenant, new Cached(plan, now + TTL_MILLIS));
        return plan;
    }

    /** Row-level security hides every tenant but the one set for the transaction, so set it first. */
    private String read(UUID tenant) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try (PreparedStatement query = db.prepareStatement("SELECT plan FROM tenants WHERE id = ?")) {
                TenantScope.enter(db, tenant);
                query.setObject(1, tenant);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : "free";
                }
            } finally {
                db.commit();
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The tenant's plan could not be read", e);
        }
    }

    private record Cached(String plan, long until) {
    }
}
