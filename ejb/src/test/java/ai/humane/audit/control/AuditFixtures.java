package ai.humane.audit.control;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A migrated database of its own, tenants made as the runtime role, events recorded and verified the
 * way the application does (runtime role, one transaction, inside the tenant's scope), and the
 * superuser for tampering and for ageing events (which nothing short of the chain key can do).
 */
final class AuditFixtures {

    final DatabaseSettings db;

    private AuditFixtures(DatabaseSettings db) {
        this.db = db;
    }

    /** A new database at the newest schema. */
    static AuditFixtures migrated() {
        return new AuditFixtures(TestDatabases.migrated());
    }

    /** A new database migrated up to {@code version} (none at all when null). */
    static AuditFixtures migratedTo(String version) {
        DatabaseSettings db = TestDatabases.fresh();
        if (version != null) {
            SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), version);
        }
        return new AuditFixtures(db);
    }

    /** Applies every pending migration. */
    void migrate() {
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
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
    List<Long> record(UUID tenant, AuditEntry... entries) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection c = app()) {
            c.setAutoCommit(false);
            for (AuditEntry entry : entries) {
                enter(c, tenant);
                seqs.add(new AuditChain().append(c, entry));
                c.commit();
            }
        }
        return seqs;
    }

    ChainVerification verify(UUID tenant) throws SQLException {
        try (Connection c = app()) {
            c.setAutoCommit(false);
            enter(c, tenant);
            ChainVerification verification = new AuditChain().verify(c).orElseThrow();
            c.commit();
            return verification;
        }
    }

    /**
     * Makes the tenant's events up to {@code seq} 25 months old and re-hashes its chain with the chain key,
     * so that it still verifies: what only a holder of the key (the owner role, the superuser) can do, and
     * what a test of retention needs, since the database stamps every event with its own clock.
     */
    void ageOut(UUID tenant, long seq) throws SQLException {
        tamper("UPDATE admin_audit_events SET created_at = created_at - interval '25 months' WHERE tenant_id = ? AND seq <= ?",
                tenant, seq);
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$
                    DECLARE e admin_audit_events; previous bytea;
                    BEGIN
                        SELECT anchor_hash INTO previous FROM admin_audit_chains WHERE tenant_id = '%1$s';
                        FOR e IN SELECT * FROM admin_audit_events WHERE tenant_id = '%1$s' ORDER BY seq LOOP
                            e.prev_hash := previous;
                            e.hash := audit_event_hmac(e);
                            UPDATE admin_audit_events SET prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
                            previous := e.hash;
                        END LOOP;
                        UPDATE admin_audit_chains SET last_hash = previous WHERE tenant_id = '%1$s';
                    END $$""".formatted(tenant));
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

    Connection superuser() throws SQLException {
        return TestDatabases.asSuperuser(db);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
