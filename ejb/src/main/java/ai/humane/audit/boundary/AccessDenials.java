package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.json.control.JsonP;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * L1: a caller's attempt that its role does not allow is audited as {@code access.denied}, with the method,
 * the route template and the role it needed; at most once a minute per caller and route, so a caller
 * hammering a forbidden route cannot flood the log. The minute is decided by one atomic upsert in PostgreSQL
 * (the row is locked while it is decided), so every instance shares it.
 */
@Stateless
public class AccessDenials {

    private static final String MARK = """
            INSERT INTO access_denials AS d (tenant_id, actor, method, route, last_recorded_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (tenant_id, actor, method, route) DO UPDATE SET last_recorded_at = now()
              WHERE d.last_recorded_at <= now() - interval '1 minute'
            RETURNING 1""";
    private static final String FORGET =
            "DELETE FROM access_denials WHERE tenant_id = ? AND last_recorded_at < now() - interval '1 hour'";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** Audits the denial unless this caller's denial on this route was audited within the last minute. */
    public boolean record(TenantCaller caller, String method, String route, String requiredRole) {
        TenantScope.enter(em, caller.tenantId());
        AuditActor actor = AuditActor.of(caller);
        try {
            Connection c = em.unwrap(Connection.class);
            if (!firstInAMinute(c, caller, actor, method, route)) {
                return false;
            }
            forgetOldMarks(c, caller);
        } catch (SQLException e) {
            throw new IllegalStateException("The denial could not be counted", e);
        }
        audit.record(actor, "access.denied", "route", method + " " + route, null, JsonP.createObjectBuilder()
                .add("method", method).add("route", route).add("required_role", requiredRole)
                .add("role", caller.role().value()).build());
        return true;
    }

    private static boolean firstInAMinute(Connection c, TenantCaller caller, AuditActor actor, String method,
                                          String route) throws SQLException {
        try (PreparedStatement mark = c.prepareStatement(MARK)) {
            mark.setObject(1, caller.tenantId());
            mark.setString(2, actor.toString());
            mark.setString(3, method);
            mark.setString(4, route);
            try (ResultSet row = mark.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void forgetOldMarks(Connection c, TenantCaller caller) throws SQLException {
        try (PreparedStatement forget = c.prepareStatement(FORGET)) {
            forget.setObject(1, caller.tenantId());
            forget.executeUpdate();
        }
    }
}
