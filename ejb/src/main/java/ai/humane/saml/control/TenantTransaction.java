package ai.humane.saml.control;

import ai.humane.tenancy.control.TenantScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** One transaction on a plain JDBC connection behind one tenant's row-level security (T1), for SAML's jobs. */
final class TenantTransaction {

    private TenantTransaction() {
    }

    static <T> T inTenant(Connection db, UUID tenant, SqlWork<T> work) throws SQLException {
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
            db.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection db) throws SQLException;
    }
}
