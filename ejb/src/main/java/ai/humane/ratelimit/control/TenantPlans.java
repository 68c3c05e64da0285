package ai.humane.ratelimit.control;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The plan of a tenant, for the rate limiter on every request: kept in Payara's data grid, which every instance
 * shares, and read from PostgreSQL ({@code tenant_plan(uuid)}, V23) only when the grid has none. A plan change
 * ({@code PUT /billing/plan}, the billing provider's cancellation) writes the new plan into the grid once its
 * transaction commits ({@link PlanChanged}), so it holds on every instance from the next request, as when the plan
 * was read from the database each time; that read was one pooled connection and one round trip on every request
 * of the edge chain (bench/edge-chain).
 *
 * <p>Entries live {@link #TTL_SECONDS}: a plan changed in the database behind the application's back (an operator's
 * SQL) holds within that. A read racing a change cannot leave the old plan behind: the read only adds an entry
 * where none is ({@code putIfAbsent}), and the change overwrites. An instance that dies loses nothing: the entry's
 * backup is on another member, and without one the next read goes to the database.
 */
@ApplicationScoped
public class TenantPlans {

    static final String MAP = "humane-tenant-plans";
    static final int TTL_SECONDS = 60;

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Resource(lookup = "payara/Hazelcast")
    HazelcastInstance grid;

    private IMap<String, String> plans;

    @PostConstruct
    void connect() {
        plans = map(grid);
    }

    static IMap<String, String> map(HazelcastInstance grid) {
        // Every member adds the same configuration, which Hazelcast accepts.
        grid.getConfig().addMapConfig(new MapConfig(MAP).setBackupCount(1).setTimeToLiveSeconds(TTL_SECONDS));
        return grid.getMap(MAP);
    }

    /** An unknown tenant reads as {@code free}: the smallest ceiling, failing closed. */
    public String plan(UUID tenant) {
        String key = tenant.toString();
        String shared = plans.get(key);
        if (shared != null) {
            return shared;
        }
        String stored = stored(tenant);
        String raced = plans.putIfAbsent(key, stored);
        return raced == null ? stored : raced;
    }

    /** Shares a committed change with every instance. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PlanChanged change) {
        plans.set(change.tenantId().toString(), change.plan());
    }

    private String stored(UUID tenant) {
        // One round trip, outside any transaction (the filters run before one).
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
