package ai.humane.accounts.control;

import static ai.humane.testing.MigratedRows.scope;
import static ai.humane.testing.MigratedRows.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V26 on a database populated at the version before it: every user becomes a person (same id, address and
 * password hash) and a membership, nothing else moves; then the people wall and the look-ups behind sign-in,
 * /auth/me and the tenant switch, as the runtime role sees them.
 */
class PeopleMigrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID acme = UUID.randomUUID();
    private final UUID rival = UUID.randomUUID();
    private final UUID ada = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID eve = UUID.randomUUID();
    private final UUID adaSession = UUID.randomUUID();
    private final UUID eveSession = UUID.randomUUID();

    @BeforeEach
    void databaseMigratedOverPopulatedRows() throws SQLException {
        db = TestDatabases.fresh();
        rows = new MigratedRows(db);
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 26).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        superuser("INSERT INTO tenants (id, name) VALUES (?, 'Acme'), (?, 'Rival')", acme, rival);
        legacyUser(ada, acme, "ada@acme.test", "owner", "$2b$12$adahash");
        legacyUser(bob, acme, "bob@acme.test", "member", null);
        legacyUser(eve, rival, "eve@rival.test", "owner", "$2b$12$evehash");
        superuser("INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, scopes, created_by)"
                + " VALUES (?, ?, 'k', 'hk_legacy1', ?, 'owner', 'read,write', ?)", UUID.randomUUID(), acme, bytes(), ada);
        session(adaSession, acme, ada);
        session(eveSession, rival, eve);
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        assertEquals(List.of("false", "false"), rows.column("SELECT by_password::text FROM sessions"),
                "how a session before V26 was opened is not known: it stays in its tenant");
        superuser("UPDATE sessions SET by_password = true");
    }

    @Test
    void everyUserBecomesAPersonAndAMembershipWithNothingLost() throws SQLException {
        assertEquals(List.of(ada + " ada@acme.test $2b$12$adahash", bob + " bob@acme.test null",
                        eve + " eve@rival.test $2b$12$evehash"),
                rows.column("SELECT p.id || ' ' || p.email || ' ' || coalesce(p.password_hash, 'null') FROM people p ORDER BY p.email"));
        assertEquals(List.of("ada@acme.test owner " + acme, "bob@acme.test member " + acme, "eve@rival.test owner " + rival),
                rows.column("SELECT u.email || ' ' || u.role || ' ' || u.tenant_id FROM users u WHERE u.person_id = u.id ORDER BY u.email"));
        assertEquals(List.of("2"), rows.column("SELECT count(*)::text FROM sessions WHERE revoked_at IS NULL"));
        assertEquals(List.of("1"), rows.column("SELECT count(*)::text FROM api_keys WHERE created_by = '" + ada + "'"));
        assertEquals(List.of(), rows.column("SELECT attname FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'password_hash' AND NOT attisdropped"), "one hash, the person's");
        assertEquals(List.of("people true", "users true"), rows.column("SELECT relname || ' ' || relforcerowsecurity FROM pg_class"
                + " WHERE relname IN ('users', 'people') ORDER BY relname"));
    }

    @Test
    void signInFindsEveryMembershipOfThePersonTheOneUsedLastFirst() throws SQLException {
        UUID adaAtRival = member(ada, rival, "viewer");
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of(ada.toString(), adaAtRival.toString()), MigratedRows.column(app, "SELECT id FROM account_by_email(?)",
                    "ada@acme.test"));
            superuser("UPDATE users SET last_active_at = now() WHERE id = ?", adaAtRival);
            assertEquals(List.of(adaAtRival + " $2b$12$adahash", ada + " $2b$12$adahash"),
                    MigratedRows.column(app, "SELECT id || ' ' || password_hash FROM account_by_email(?)", "ada@acme.test"));
        }
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnMembersAsPeople() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            scope(app, rival);
            assertEquals(List.of("eve@rival.test"), MigratedRows.column(app, "SELECT email FROM people ORDER BY email"));
            assertEquals(0, update(app, "UPDATE people SET password_hash = 'stolen' WHERE id = ?", ada));
            assertEquals(1, update(app, "UPDATE people SET password_hash = '$2b$12$new' WHERE id = ?", eve));
            assertThrows(SQLException.class, () -> update(app, "UPDATE people SET email = 'x@rival.test' WHERE id = ?", eve));
            assertThrows(SQLException.class, () -> update(app, "DELETE FROM people WHERE id = ?", eve));
        }
        assertEquals(List.of("$2b$12$adahash"), rows.column("SELECT password_hash FROM people WHERE id = '" + ada + "'"));
    }

    @Test
    void aSessionListsAndMovesOnlyToItsPersonsTenants() throws SQLException {
        UUID adaAtRival = member(ada, rival, "viewer");
        try (Connection app = TestDatabases.asApp(db)) {
            scope(app, acme);
            assertEquals(List.of("Acme owner", "Rival viewer"), MigratedRows.column(app, "SELECT name || ' ' || role FROM person_tenants(?)",
                    adaSession));
            assertEquals(List.of(), MigratedRows.column(app, "SELECT name FROM person_tenants(?)", eveSession), "another tenant's session");
            UUID stranger = UUID.randomUUID();
            superuser("INSERT INTO tenants (id, name) VALUES (?, 'Stranger')", stranger);
            assertEquals(List.of(), MigratedRows.column(app, "SELECT tenant_id FROM session_switch(?, ?)", adaSession, stranger));
            assertEquals(List.of(), MigratedRows.column(app, "SELECT tenant_id FROM session_switch(?, ?)", eveSession, acme));
            assertEquals(List.of(acme + " " + ada), rows.column("SELECT tenant_id || ' ' || user_id FROM sessions WHERE id = '"
                    + adaSession + "'"), "a refused switch changes nothing");
            assertEquals(List.of(rival + " " + adaAtRival), MigratedRows.column(app, "SELECT tenant_id || ' ' || user_id FROM session_switch(?, ?)",
                    adaSession, rival));
        }
        assertEquals(List.of(rival + " " + adaAtRival), rows.column("SELECT tenant_id || ' ' || user_id FROM sessions WHERE id = '"
                + adaSession + "'"));
    }

    @Test
    void aSessionAnIdentityProviderOpenedStaysInItsTenant() throws SQLException {
        UUID sso = UUID.randomUUID();
        member(ada, rival, "viewer");
        session(sso, acme, ada);
        try (Connection app = TestDatabases.asApp(db)) {
            scope(app, acme);
            assertEquals(List.of(), MigratedRows.column(app, "SELECT tenant_id FROM session_switch(?, ?)", sso, rival));
        }
    }

    @Test
    void aPersonIsForgottenWithTheirLastMembershipAndNeverJoinedByAddress() throws SQLException {
        UUID adaAtRival = member(ada, rival, "viewer");
        superuser("DELETE FROM users WHERE id = ?", ada);
        assertEquals(List.of("1"), rows.column("SELECT count(*)::text FROM people WHERE id = '" + ada + "'"));
        superuser("DELETE FROM users WHERE id = ?", adaAtRival);
        assertEquals(List.of("0"), rows.column("SELECT count(*)::text FROM people WHERE id = '" + ada + "'"));
        assertThrows(IllegalStateException.class, () -> superuser("INSERT INTO users (id, tenant_id, email, name, role)"
                + " VALUES (?, ?, 'eve@rival.test', 'Eve again', 'owner')", UUID.randomUUID(), acme));
    }

    private UUID member(UUID person, UUID tenant, String role) {
        UUID id = UUID.randomUUID();
        superuser("INSERT INTO users (id, tenant_id, person_id, email, name, role)"
                + " SELECT ?, ?, id, email, 'Also', ? FROM people WHERE id = ?", id, tenant, role, person);
        return id;
    }

    private void legacyUser(UUID id, UUID tenant, String email, String role, String hash) {
        superuser("INSERT INTO users (id, tenant_id, email, name, role, password_hash, email_verified)"
                + " VALUES (?, ?, ?, 'N', ?, ?, true)", id, tenant, email, role, hash);
    }

    private void session(UUID id, UUID tenant, UUID user) {
        superuser("INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash, expires_at, absolute_expires_at)"
                + " VALUES (?, ?, ?, ?, ?, now() + interval '1 day', now() + interval '1 day')", id, tenant, user, bytes(), bytes());
    }

    private static byte[] bytes() {
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        return value;
    }

    private void superuser(String sql, Object... parameters) {
        rows.superuser(sql, parameters);
    }
}
