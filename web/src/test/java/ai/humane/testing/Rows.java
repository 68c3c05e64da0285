package ai.humane.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** What the database holds, read as the superuser so that no wall hides anything from the test. */
public final class Rows {

    private Rows() {
    }

    /** The whole row as JSON text, or null when there is none. */
    public static String row(String table, UUID id) {
        return single("SELECT to_jsonb(t)::text FROM " + table + " t WHERE t.id = ?", id);
    }

    public static int execute(String sql, Object... parameters) {
        try (Connection c = TestPlatform.superuser()) {
            return execute(c, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #execute(String, Object...)} on a connection of the caller's (another database, another role). */
    public static int execute(Connection c, String sql, Object... parameters) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #execute(String, Object...)} inside {@code tenant}'s wall, set for the one transaction: for writes
     * whose triggers read the tenant in scope, as the audit log's chain does.
     */
    public static int executeIn(UUID tenant, String sql, Object... parameters) {
        try (Connection c = TestPlatform.superuser()) {
            c.setAutoCommit(false);
            try (PreparedStatement scope = c.prepareStatement("SELECT set_config('humane.tenant_id', ?, true)")) {
                scope.setString(1, tenant.toString());
                scope.executeQuery().close();
            }
            int changed = execute(c, sql, parameters);
            c.commit();
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String single(String sql, Object... parameters) {
        try (Connection c = TestPlatform.superuser(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many backends wait, directly or behind another waiter, for a lock that {@code holder}'s transaction holds:
     * only this test's requests, whatever else of the shared database happens to wait meanwhile.
     */
    public static int waitingOn(Connection holder) {
        try (Statement s = holder.createStatement(); ResultSet pid = s.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            int holding = pid.getInt(1);
            return Integer.parseInt(single("SELECT count(*)::text FROM pg_stat_activity a WHERE ? = ANY (pg_blocking_pids(a.pid))"
                    + " OR EXISTS (SELECT 1 FROM unnest(pg_blocking_pids(a.pid)) b WHERE ? = ANY (pg_blocking_pids(b)))",
                    holding, holding));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
