package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V12 on a database that holds addresses written before they had one spelling: what can be brought to it safely
 * is, what cannot keeps its spelling and can no longer be found by another one, and the database takes no new
 * address in any other spelling.
 */
class EmailSpellingMigrationTest {

    private DatabaseSettings db;
    private final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void databaseJustBeforeV12() throws SQLException {
        db = TestDatabases.fresh();
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 12).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        superuser("INSERT INTO tenants (id, name) VALUES (?, 'Legacy')", tenant);
        user(" Kate@Example.TEST\t");
        user("\u0130sa@example.test");
        user("Bob@Example.test");
        superuser("INSERT INTO invitations (id, tenant_id, email, role, token_hash, expires_at)"
                + " VALUES (?, ?, '  NEW@Example.test ', 'member', ?, now() + interval '1 day')",
                UUID.randomUUID(), tenant, new byte[32]);
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void bringsAsciiAddressesToTheOneSpellingAndLeavesTheRest() throws SQLException {
        assertEquals(List.of("bob@example.test", "kate@example.test", "\u0130sa@example.test"),
                column("SELECT email FROM users ORDER BY email COLLATE \"C\""));
        assertEquals(List.of("new@example.test"), column("SELECT email FROM invitations"));
    }

    @Test
    void findsAnAccountByItsExactSpellingOnlyAndAnswersTheStoredAddress() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(List.of("kate@example.test"), emails(app, "kate@example.test"));
            assertEquals(List.of(), emails(app, "Kate@example.test"));
            assertEquals(List.of(), emails(app, "isa@example.test"), "a left-over spelling is not found by another");
        }
    }

    @Test
    void theDatabaseRefusesANewAddressInAnyOtherSpelling() {
        for (String other : new String[] {"Carol@example.test", " carol@example.test", "\u212Aarol@example.test"}) {
            assertThrows(IllegalStateException.class, () -> user(other), other);
        }
        assertThrows(IllegalStateException.class, () -> superuser("UPDATE users SET email = 'BOB@example.test'"
                + " WHERE email = 'bob@example.test'"));
        user("carol@example.test");
    }

    @Test
    void theUsersAndInvitationsWallsAreForcedAgain() throws SQLException {
        assertEquals(List.of("true", "true"), column("SELECT relforcerowsecurity::text FROM pg_class"
                + " WHERE relname IN ('users', 'invitations')"));
        // users and invitations (V12), people (V26 gives the person the same rule)
        assertEquals(3, column("SELECT conname FROM pg_constraint WHERE conname LIKE '%email_one_spelling'").size());
    }

    private void user(String email) {
        superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'N', 'member')",
                UUID.randomUUID(), tenant, email);
    }

    private static List<String> emails(Connection app, String typed) throws SQLException {
        try (PreparedStatement query = app.prepareStatement("SELECT email FROM account_by_email(?)")) {
            query.setString(1, typed);
            return rows(query);
        }
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection c = TestDatabases.asSuperuser(db);
             PreparedStatement query = c.prepareStatement(sql)) {
            return rows(query);
        }
    }

    private void superuser(String sql, Object... parameters) {
        try (Connection c = TestDatabases.asSuperuser(db);
             PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(PreparedStatement query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
