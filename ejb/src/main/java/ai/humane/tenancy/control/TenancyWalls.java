package ai.humane.tenancy.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proves at boot that the database keeps the second tenancy wall (T1): the role the application
 * connects as is no superuser, cannot bypass row-level security and owns no table (an owner could
 * switch RLS off), no SECURITY DEFINER function runs as a role that row-level security does not bind, and every table with a {@code tenant_id} column, and {@code tenants}, has RLS
 * enabled, forced, and policies that say what they must ({@link TenantPolicies}). Tables the role can
 * reach outside those walls must each have a documented reason ({@link UnwalledTables}); {@code people}, shared by
 * the tenants its persons are members of, has a membership wall of its own ({@link PeopleWall}).
 */
public final class TenancyWalls {

    private static final String ROLE = """
            SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user""";

    private static final String OWNED_TABLES = """
            SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND pg_has_role(current_user, c.relowner, 'MEMBER')
            ORDER BY c.relname""";

    /**
     * SECURITY DEFINER functions run as their owner, and forced row-level security binds the owner only when it is
     * neither a superuser nor BYPASSRLS: the owner's own policies (what a purge may delete, whose reset links a
     * withdrawal may reach) would not hold for such an owner, nor the tenant key the functions check.
     */
    private static final String UNBOUND_DEFINERS = """
            SELECT p.oid::regprocedure::text, r.rolname, r.rolsuper FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
            WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef AND (r.rolsuper OR r.rolbypassrls)
            ORDER BY 1""";

    private static final String TENANT_TABLES = """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
            FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
            ORDER BY c.relname""";

    /** Every breach found; empty when both walls stand. */
    public List<String> breaches(Connection connection) throws SQLException {
        List<String> breaches = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet role = s.executeQuery(ROLE)) {
                role.next();
                String name = role.getString(1);
                if (role.getBoolean(2)) {
                    breaches.add("database role " + name + " is a superuser");
                }
                if (role.getBoolean(3)) {
                    breaches.add("database role " + name + " has BYPASSRLS");
                }
            }
            try (ResultSet definers = s.executeQuery(UNBOUND_DEFINERS)) {
                while (definers.next()) {
                    breaches.add("function " + definers.getString(1) + " runs as " + definers.getString(2) + ", which "
                            + (definers.getBoolean(3) ? "is a superuser" : "has BYPASSRLS")
                            + ": row-level security does not bind it (migrate as a role that is neither)");
                }
            }
            try (ResultSet owned = s.executeQuery(OWNED_TABLES)) {
                while (owned.next()) {
                    breaches.add("database role owns table " + owned.getString(1) + " (run as a role that owns no table)");
                }
            }
            List<String> walled = new ArrayList<>();
            try (ResultSet tables = s.executeQuery(TENANT_TABLES)) {
                while (tables.next()) {
                    Optional<String> breach = tableBreach(tables);
                    if (breach.isPresent()) {
                        breaches.add(breach.get());
                    } else {
                        walled.add(tables.getString(1));
                    }
                }
            }
            for (String table : walled) {
                breaches.addAll(TenantPolicies.breaches(connection, table));
            }
            breaches.addAll(PeopleWall.breaches(connection));
        }
        return breaches;
    }

    /**
     * The tables the runtime role can reach that have neither a policy nor a documented reason, or more
     * privileges than their reason allows. Not a breach of the walls themselves: production refuses to start
     * on them, development warns.
     */
    public List<String> unexplainedTables(Connection connection) throws SQLException {
        return UnwalledTables.unexplained(connection);
    }

    /**
     * The first wall, checked against the second: every entity mapped to a table with a
     * {@code tenant_id} must be an EclipseLink multitenant entity ({@code mapped} is each entity's
     * table and whether it has a multitenant policy).
     */
    public List<String> entityBreaches(Connection connection, Map<String, Boolean> mapped) throws SQLException {
        Set<String> tenantTables = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet tables = s.executeQuery(TENANT_TABLES)) {
            while (tables.next()) {
                tenantTables.add(tables.getString(1));
            }
        }
        List<String> breaches = new ArrayList<>();
        mapped.forEach((table, multitenant) -> {
            String name = table.toLowerCase(Locale.ROOT);
            if (!multitenant && tenantTables.contains(name) && !"tenants".equals(name)) {
                breaches.add("entity table " + name + " has tenant_id but no EclipseLink multitenant policy");
            }
        });
        return breaches;
    }

    /** Throws, naming every breach, unless both walls stand. */
    public void verify(Connection connection, Map<String, Boolean> mapped) throws SQLException {
        List<String> breaches = new ArrayList<>(breaches(connection));
        breaches.addAll(entityBreaches(connection, mapped));
        if (!breaches.isEmpty()) {
            throw new TenancyWallBreach(breaches);
        }
    }

    private static Optional<String> tableBreach(ResultSet table) throws SQLException {
        String name = table.getString(1);
        if (!table.getBoolean(2)) {
            return Optional.of("table " + name + " has no row-level security");
        }
        if (!table.getBoolean(3)) {
            return Optional.of("table " + name + " does not FORCE row-level security");
        }
        return Optional.empty();
    }
}
