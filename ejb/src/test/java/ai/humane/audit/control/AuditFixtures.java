package ai.humane.audit.control;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A migrated database of its own, tenants made as the runtime role, events recorded and verified the
 * way the application does (runtime role, one transaction, inside the tenant's scope), and the
 * superuser for tampering.
 */
final class AuditFixtures {

    final DatabaseSettings db;

    private AuditFixtures(DatabaseSettings db) {
        this.db = db;
    }

    static AuditFixtures migrated() {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        return new AuditFixtures(db);
    }

    Connection app() throws SQLException {
        return TestDatabases.asApp(db);
    }

    UUID tenant() throws SQLException {
        UUID tenant = UUID.randomUUID();
        try (Connection c = app()) {
            c.setAutoCommit(false);
            enter(c, tenant);
            update(c, "INSERT INTO tenants (id, name) VALUES (?, 'Audited')", tenant);
            c.commit();
        }
        return tenant;
    }

    static void enter(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement scope = c.prepareStatement("SELECT set_config('humane.tenant_id', ?, true)")) {
            scope.setString(1, tenant.toString());
            scope.executeQuery().close();
        }
    }

    static AuditEntry entry(String action, String before, String after) {
        return new AuditEntry(AuditActor.user(UUID.nameUUIDFromBytes(action.getBytes())), action, "api_key",
                "k-" + action.length(), before, after, "192.0.2.7");
    }

    /** Records each entry in its own committed transaction; answers the seqs. */
    List<Long> record(UUID tenant, Clock clock, AuditEntry... entries) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection c = app()) {
            c.setAutoCommit(false);
            for (AuditEntry entry : entries) {
                enter(c, tenant);
                seqs.add(new AuditChain(clock).append(c, entry));
                c.commit();
            }
        }
        return seqs;
    }

    List<Long> record(UUID tenant, AuditEntry... entries) throws SQLException {
        return record(tenant, Clock.systemUTC(), entries);
    }

    ChainVerification verify(UUID tenant) throws SQLException {
        try (Connection c = app()) {
            c.setAutoCommit(false);
            enter(c, tenant);
            ChainVerification verification = new AuditChain().verify(c);
            c.commit();
            return verification;
        }
    }

    /** Changes stored rows as the superuser, past every wall: what a tamperer with database access does. */
    void tamper(String sql, Object... parameters) throws SQLException {
        try (Connection c = superuser()) {
            update(c, sql, parameters);
        }
    }

    String single(String sql, Object... parameters) throws SQLException {
        try (Connection c = superuser(); PreparedStatement query = prepare(c, sql, parameters);
             ResultSet row = query.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    byte[] bytes(String sql, Object... parameters) throws SQLException {
        try (Connection c = superuser(); PreparedStatement query = prepare(c, sql, parameters);
             ResultSet row = query.executeQuery()) {
            return row.next() ? row.getBytes(1) : null;
        }
    }

    static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private Connection superuser() throws SQLException {
        return TestDatabases.server().superuser(db.url().substring(db.url().lastIndexOf('/') + 1));
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
