package ai.humane.tenancy.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables the runtime role can reach without row-level security (T1). Each must be named here with the
 * reason it needs no tenant wall and the privileges that reason allows; any other table, view or foreign table
 * the role has a privilege on, with no policy, is listed, and so is a named one the role may do more with
 * than its reason says. Production refuses to start on either; development warns (StartupChecks).
 * {@code people} (V26) has no {@code tenant_id} yet is not listed here on purpose: its wall is membership, proven
 * policy by policy by {@link PeopleWall}; a reason here would excuse the table if its policies were ever dropped.
 */
public final class UnwalledTables {

    /** A table outside the tenant walls: why, and what the runtime role may do with it. */
    record Reason(String why, Set<String> privileges) {

        Reason(String why, String... privileges) {
            this(why, Set.of(privileges));
        }
    }

    static final Map<String, Reason> DOCUMENTED = Map.ofEntries(
            Map.entry("flyway_schema_history", new Reason("the schema history, read to prove parity (O1); no tenant or personal data",
                    "SELECT")),
            Map.entry("faq_entries", new Reason("the public FAQ shipped with the application; no tenant or personal data", "SELECT")),
            Map.entry("login_throttle", new Reason("sign-in failure counters keyed by HMAC, no tenant, kept an hour past the last failure (S2)",
                    "SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("signup_addresses", new Reason("client addresses as HMAC pseudonyms, no tenant, kept 90 days (S7)",
                    "SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("waitlist", new Reason("addresses of people waiting for launch, no tenant; the runtime role may only add one", "INSERT")),
            Map.entry("support_requests", new Reason("messages of the public support form, no tenant; the runtime role may only add one",
                    "INSERT")),
            Map.entry("mail_outbox", new Reason("the mail queue of every tenant, read and written by the mail control only, which claims"
                    + " across tenants; its own walls are issue #9's mail-outbox work", "SELECT", "INSERT", "UPDATE")),
            Map.entry("status_rounds", new Reason("one row per minute's status probe round, claimed by one instance (O2); no tenant"
                    + " or personal data, pruned after 90 days", "SELECT", "INSERT", "DELETE")),
            Map.entry("status_checks", new Reason("each component's probe result of a round (O2); no tenant or personal data",
                    "SELECT", "INSERT", "DELETE")),
            Map.entry("status_days", new Reason("each component's uptime per UTC day for the public status page (O2)",
                    "SELECT", "INSERT", "UPDATE", "DELETE")),
            Map.entry("status_alerts", new Reason("which component the operators were alerted about, so one outage alerts once (O2)",
                    "SELECT", "INSERT", "UPDATE")),
            Map.entry("incidents", new Reason("incidents operators publish on the public status page (O2); public by design",
                    "SELECT", "INSERT", "UPDATE")),
            Map.entry("incident_updates", new Reason("the public updates of those incidents (O2)", "SELECT", "INSERT", "UPDATE")),
            Map.entry("backup_runs", new Reason("when each encrypted backup ran, its size and digest (O3); no tenant data",
                    "SELECT", "INSERT", "UPDATE", "DELETE")));

    /**
     * Relations the role holds any privilege on that are neither tenant tables (checked by TenancyWalls) nor
     * under a policy of their own. A view counts even with a tenant_id: it reads as its owner, past the policies
     * that bind the runtime role.
     */
    private static final String REACHABLE = """
            SELECT name, privileges FROM (
                SELECT CASE WHEN n.nspname = current_schema() THEN c.relname ELSE n.nspname || '.' || c.relname END AS name,
                       array_to_string(ARRAY(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',
                            'REFERENCES', 'TRIGGER']) p WHERE has_table_privilege(current_user, c.oid, p)
                            OR (p IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                                AND has_any_column_privilege(current_user, c.oid, p))), ',') AS privileges
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
                  AND n.nspname NOT LIKE 'pg\\_temp%'
                  AND NOT (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
                  AND NOT (c.relkind IN ('r', 'p') AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)))) reachable
            WHERE privileges <> ''
            ORDER BY name""";

    private UnwalledTables() {
    }

    /** Every reachable table with neither a policy nor a reason, or with more privileges than its reason allows. */
    static List<String> unexplained(Connection connection) throws SQLException {
        List<String> unexplained = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet table = s.executeQuery(REACHABLE)) {
            while (table.next()) {
                String name = table.getString(1);
                Set<String> granted = new TreeSet<>(Arrays.asList(table.getString(2).split(",")));
                Reason reason = DOCUMENTED.get(name);
                if (reason == null) {
                    unexplained.add("table " + name + " is reachable by the runtime role (" + String.join(", ", granted)
                            + ") with neither a row-level security policy nor a documented reason");
                } else if (!reason.privileges().containsAll(granted)) {
                    granted.removeAll(reason.privileges());
                    unexplained.add("table " + name + ": the runtime role may also " + String.join(", ", granted)
                            + ", beyond its documented reason (" + reason.why() + ")");
                }
            }
        }
        return unexplained;
    }
}
