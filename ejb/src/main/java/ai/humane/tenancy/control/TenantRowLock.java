package ai.humane.tenancy.control;

import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * The tenant row's lock: {@code Teams} takes it for role changes and removals (the last-owner rule), and a create
 * takes it to count what the tenant has before it adds one more (A3): creates at the same moment take turns, and each
 * counts what the one before committed; counted without it, under READ COMMITTED, all of them saw room for one.
 * {@code FOR NO KEY UPDATE} waits for the row's other lockers, not for the rows that reference the tenant. It holds
 * until the transaction ends.
 */
public final class TenantRowLock {

    private TenantRowLock() {
    }

    public static void take(EntityManager em, UUID tenant) {
        em.createNativeQuery("SELECT id FROM tenants WHERE id = ?1 FOR NO KEY UPDATE")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, tenant).getResultList();
    }
}
