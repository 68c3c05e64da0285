package ai.humane.testing;

import ai.humane.local.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rows of a test database written and read around a migration: as the superuser (what an operator or an older
 * version stored; what is really there) or as the runtime role inside one tenant's scope (what the walls let it do).
 */
public final class MigratedRows {

    private final DatabaseSettings db;

    public MigratedRows(DatabaseSettings db) {
        this.db = db;
    }

    /** Runs a statement as the superuser; a failure is an {@link IllegalStateException}. */
    public void superuser(String sql, Object... parameters) {
        try (Connection c = TestDatabases.asSuperuser(db);
             PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text, read by the superuser. */
    public List<String> column(String sql, Object... parameters) throws SQLException {
        try (Connection c = TestDatabases.asSuperuser(db)) {
            return column(c, sql, parameters);
        }
    }

    public static List<String> column(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            bind(query, parameters);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    /** Enters {@code tenant}'s scope on a connection of the runtime role. */
    public static void scope(Connection app, UUID tenant) throws SQLException {
        try (PreparedStatement set = app.prepareStatement("SELECT set_config('humane.tenant_id', ?, false)")) {
            set.setString(1, tenant.toString());
            set.executeQuery().close();
        }
    }

    public static int update(Connection app, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = app.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
