package ai.humane.tenancy.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the row-level security policies of a tenant table say to the runtime role, not only that there are
 * some (T1). Permissive policies are ORed, so every one that applies to the role must be the tenant predicate
 * ({@code tenant_id = humane_current_tenant()}, {@code id = …} on {@code tenants}) in USING and in WITH CHECK;
 * and for each command the role is granted (SELECT, INSERT, UPDATE, DELETE) one of them must cover it.
 * Restrictive policies only narrow what the permissive ones allow (the audit log's retention rule), so any
 * expression is accepted there. Policies of other roles (the owner's narrow look-ups) do not apply to the role.
 */
final class TenantPolicies {

    private static final String POLICIES = """
            SELECT p.polname, p.polpermissive, p.polcmd, pg_get_expr(p.polqual, p.polrelid),
                   pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_policy p
            WHERE p.polrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
              AND (p.polroles = '{0}' OR EXISTS (SELECT 1 FROM unnest(p.polroles) r WHERE pg_has_role(current_user, r, 'MEMBER')))
            ORDER BY p.polname""";
    private static final String GRANTED = """
            SELECT has_table_privilege(current_user, t, 'SELECT'), has_table_privilege(current_user, t, 'INSERT'),
                   has_table_privilege(current_user, t, 'UPDATE'), has_table_privilege(current_user, t, 'DELETE')
            FROM CAST(quote_ident(current_schema()) || '.' || quote_ident(?) AS regclass) t""";
    /** Commands as pg_policy.polcmd spells them, in the order of GRANTED. */
    private static final Map<Character, String> COMMANDS = commands();

    private TenantPolicies() {
    }

    /** Every way the policies of {@code table} fail the runtime role; empty when they hold. */
    static List<String> breaches(Connection c, String table) throws SQLException {
        String predicate = ("tenants".equals(table) ? "id" : "tenant_id") + "=humane_current_tenant()";
        List<String> breaches = new ArrayList<>();
        List<Character> covered = new ArrayList<>();
        int applying = 0;
        try (PreparedStatement query = c.prepareStatement(POLICIES)) {
            query.setString(1, table);
            try (ResultSet policy = query.executeQuery()) {
                while (policy.next()) {
                    applying++;
                    if (!policy.getBoolean(2)) {
                        continue;
                    }
                    char command = policy.getString(3).charAt(0);
                    if (isPredicate(policy.getString(4), predicate, command != 'a')
                            && isPredicate(policy.getString(5), predicate, command == 'a')) {
                        covered.add(command);
                    } else {
                        breaches.add("table " + table + ": policy " + policy.getString(1) + " lets the runtime role reach rows by "
                                + expressions(policy.getString(4), policy.getString(5)) + ", not by the tenant predicate");
                    }
                }
            }
        }
        if (applying == 0) {
            return List.of("table " + table + " has no row-level security policy for the runtime role");
        }
        List<String> uncovered = uncovered(c, table, covered);
        if (!uncovered.isEmpty()) {
            breaches.add("table " + table + ": no tenant policy covers " + String.join(", ", uncovered) + " for the runtime role");
        }
        return breaches;
    }

    /** The granted commands no tenant-predicate policy covers (a policy for ALL covers every one). */
    private static List<String> uncovered(Connection c, String table, List<Character> covered) throws SQLException {
        List<String> uncovered = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(GRANTED)) {
            query.setString(1, table);
            try (ResultSet granted = query.executeQuery()) {
                granted.next();
                int column = 1;
                for (Map.Entry<Character, String> command : COMMANDS.entrySet()) {
                    if (granted.getBoolean(column++) && !covered.contains('*') && !covered.contains(command.getKey())) {
                        uncovered.add(command.getValue());
                    }
                }
            }
        }
        return uncovered;
    }

    /**
     * True when {@code expression} is the tenant predicate, spelled as PostgreSQL prints it (spaces, brackets
     * and a schema qualifier aside); an absent expression passes only where the command has none of that kind.
     */
    private static boolean isPredicate(String expression, String predicate, boolean required) {
        if (expression == null) {
            return !required;
        }
        String bare = expression.replaceAll("[\\s()]", "").replace("public.", "");
        return bare.equals(predicate.replace("()", ""));
    }

    private static String expressions(String using, String check) {
        return "USING " + (using == null ? "(none)" : using) + (check == null ? "" : " WITH CHECK " + check);
    }

    private static Map<Character, String> commands() {
        Map<Character, String> commands = new LinkedHashMap<>();
        commands.put('r', "SELECT");
        commands.put('a', "INSERT");
        commands.put('w', "UPDATE");
        commands.put('d', "DELETE");
        return commands;
    }
}
