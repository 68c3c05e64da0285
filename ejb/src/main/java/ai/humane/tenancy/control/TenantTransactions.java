package ai.humane.tenancy.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One transaction on a plain JDBC connection behind one tenant's row-level security (T1), for the components that
 * work below JPA (the webhook dispatcher, privacy jobs, re-encryption, SAML's jobs). The wall falls with the
 * transaction; the connection's autocommit is as it was before.
 */
public final class TenantTransactions {

    private TenantTransactions() {
    }

    /** Runs {@code work} in one transaction scoped to {@code tenant}: committed when it returns, rolled back when it throws. */
    public static <T> T inTenant(Connection db, UUID tenant, SqlWork<T> work) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            TenantScope.enter(db, tenant);
            T result = work.apply(db);
            db.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** Work on a connection inside one transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection db) throws SQLException;
    }
}
