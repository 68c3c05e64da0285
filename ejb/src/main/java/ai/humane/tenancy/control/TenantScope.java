package ai.humane.tenancy.control;

import ai.humane.idempotency.control.CarriedOut;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Raises both tenancy walls (T1) for a business method, inside its transaction: the tenant goes on
 * the EntityManager (EclipseLink filters every query by it) and into {@code humane.tenant_id} for
 * the transaction (PostgreSQL row-level security filters every statement by it, native SQL too).
 * Without an authenticated tenant caller nothing runs.
 */
@Dependent
public class TenantScope {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SecurityContext security;

    @AroundInvoke
    public Object enter(InvocationContext invocation) throws Exception {
        enter(em, TenantCaller.of(security).tenantId());
        return invocation.proceed();
    }

    /**
     * Raises both walls for {@code tenant} in the current transaction: for flows that find their
     * tenant before anyone is authenticated (sign-up, sign-in, an e-mailed token). In a request with an
     * idempotency claim, the claim is marked carried out in the same transaction ({@link CarriedOut}).
     */
    public static void enter(EntityManager em, UUID tenant) {
        em.setProperty(TenantOwned.TENANT_PROPERTY, tenant.toString());
        // On the transaction's own connection, as a native query would run it, without JPA's query machinery: that
        // was 6 % of the CPU of POST /messages (JFR, bench/analysis).
        try {
            Connection db = em.unwrap(Connection.class);
            enter(db, tenant);
            CarriedOut.mark(db, tenant);
        } catch (SQLException e) {
            throw new IllegalStateException("The tenant could not be raised in the database", e);
        }
    }

    /**
     * Raises the database wall for {@code tenant} in the open transaction of a plain JDBC connection (the
     * components that work below JPA: counters, the dispatcher, retention); it falls when the transaction ends.
     */
    public static void enter(Connection db, UUID tenant) throws SQLException {
        try (PreparedStatement wall = db.prepareStatement("SELECT set_config('humane.tenant_id', ?, true)")) {
            wall.setString(1, tenant.toString());
            wall.executeQuery().close();
        }
    }
}
