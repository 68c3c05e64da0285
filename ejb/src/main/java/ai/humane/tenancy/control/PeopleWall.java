package ai.humane.tenancy.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wall of {@code people} (V26), a table without {@code tenant_id}: a person belongs to every tenant they are a
 * member of, so the predicate is membership, not a tenant column. RLS must be enabled and forced; every permissive
 * policy that applies to the runtime role must be one of these, command for command: read and change only members
 * of the current tenant, add a person only inside a tenant's scope; the role may never delete a person (the
 * last membership's trigger does, as the owner), and may change only the columns in {@link #CHANGEABLE}.
 */
final class PeopleWall {

    static final String TABLE = "people";

    private static final String MEMBER = "EXISTSSELECT1FROMusersuWHEREu.person_id=people.id";
    private static final String IN_SCOPE = "humane_current_tenantISNOTNULL";
    /** pg_policy.polcmd → the USING and WITH CHECK it must say (null: none). */
    private static final Map<Character, String[]> ALLOWED = Map.of(
            'r', new String[] {MEMBER, null},
            'w', new String[] {MEMBER, MEMBER},
            'a', new String[] {null, IN_SCOPE});

    private static final String SECURITY = """
            SELECT c.relrowsecurity, c.relforcerowsecurity, has_table_privilege(current_user, c.oid, 'DELETE')
            FROM pg_class c WHERE c.oid = (quote_ident(current_schema()) || '.people')::regclass""";
    /**
     * What the runtime role may change of a member's person row: the password, the e-mail verification and the
     * second factor (V26, V27); never the address (it would change in every tenant of the person) nor the id.
     */
    static final Set<String> CHANGEABLE = Set.of("password_hash", "email_verified_at", "totp_secret", "totp_enabled_at",
            "totp_last_step", "totp_recovery_codes");
    private static final String CHANGEABLE_COLUMNS = """
            SELECT a.attname FROM pg_attribute a
            WHERE a.attrelid = (quote_ident(current_schema()) || '.people')::regclass AND a.attnum > 0
              AND NOT a.attisdropped AND has_column_privilege(current_user, a.attrelid, a.attnum, 'UPDATE')
            ORDER BY a.attnum""";
    private static final String POLICIES = """
            SELECT p.polname, p.polpermissive, p.polcmd, pg_get_expr(p.polqual, p.polrelid),
                   pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_policy p
            WHERE p.polrelid = (quote_ident(current_schema()) || '.people')::regclass
              AND (p.polroles = '{0}' OR EXISTS (SELECT 1 FROM unnest(p.polroles) r WHERE pg_has_role(current_user, r, 'MEMBER')))
            ORDER BY p.polname""";

    private PeopleWall() {
    }

    /** Every way the people wall fails the runtime role; empty when it holds (or before V26 made the table). */
    static List<String> breaches(Connection c) throws SQLException {
        List<String> breaches = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT to_regclass(quote_ident(current_schema()) || '.people')");
             ResultSet exists = query.executeQuery()) {
            if (!exists.next() || exists.getString(1) == null) {
                return breaches;
            }
        }
        try (PreparedStatement query = c.prepareStatement(SECURITY); ResultSet table = query.executeQuery()) {
            table.next();
            if (!table.getBoolean(1) || !table.getBoolean(2)) {
                breaches.add("table people does not enable and FORCE row-level security");
            }
            if (table.getBoolean(3)) {
                breaches.add("table people: the runtime role may DELETE a person");
            }
        }
        try (PreparedStatement query = c.prepareStatement(CHANGEABLE_COLUMNS); ResultSet column = query.executeQuery()) {
            while (column.next()) {
                if (!CHANGEABLE.contains(column.getString(1))) {
                    breaches.add("table people: the runtime role may UPDATE column " + column.getString(1));
                }
            }
        }
        try (PreparedStatement query = c.prepareStatement(POLICIES); ResultSet policy = query.executeQuery()) {
            while (policy.next()) {
                String[] allowed = ALLOWED.get(policy.getString(3).charAt(0));
                if (policy.getBoolean(2) && (allowed == null || !says(policy.getString(4), allowed[0])
                        || !says(policy.getString(5), allowed[1]))) {
                    breaches.add("table people: policy " + policy.getString(1) + " lets the runtime role reach people by USING "
                            + policy.getString(4) + " WITH CHECK " + policy.getString(5) + ", not by membership");
                }
            }
        }
        return breaches;
    }

    /** The expression as PostgreSQL prints it, spaces, brackets and a schema qualifier aside. */
    private static boolean says(String expression, String expected) {
        if (expression == null || expected == null) {
            return expression == null && expected == null;
        }
        return expression.replaceAll("[\\s()]", "").replace("public.", "").equals(expected);
    }
}
