package ai.humane.teams.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V42 on a database populated at the version before it: the open invitations whose sender was demoted below sending
 * them (before demotions withdrew them) are withdrawn, in every tenant, the rows kept; what the sender may still send,
 * what an API key sent, and what was accepted are left as they were; both walls are forced again.
 */
class DemotedSendersMigrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID acme = UUID.randomUUID();
    private final UUID rival = UUID.randomUUID();

    @BeforeEach
    void databaseJustBeforeV42() {
        db = TestDatabases.fresh();
        rows = new MigratedRows(db);
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 42).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Acme'), (?, 'Rival')", acme, rival);
        UUID owner = member(acme, "owner");
        UUID demotedToMember = member(acme, "member");
        UUID demotedToAdmin = member(acme, "admin");
        UUID rivalViewer = member(rival, "viewer");
        invitation(acme, demotedToMember, "viewer", "withdrawn-1", false);
        invitation(acme, demotedToAdmin, "admin", "withdrawn-2", false);
        invitation(rival, rivalViewer, "member", "withdrawn-3", false);
        invitation(acme, demotedToAdmin, "member", "kept-1", false);
        invitation(acme, owner, "owner", "kept-2", false);
        invitation(acme, null, "admin", "kept-3", false);
        invitation(acme, demotedToMember, "viewer", "accepted", true);
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void withdrawsOnlyWhatTheSenderMayNoLongerSend() throws SQLException {
        assertEquals(List.of("withdrawn-1", "withdrawn-2", "withdrawn-3"), rows.column("SELECT split_part(email, '@', 1)"
                + " FROM invitations WHERE accepted_at IS NULL AND expires_at <= now() ORDER BY email"));
        assertEquals(List.of("kept-1", "kept-2", "kept-3"), rows.column("SELECT split_part(email, '@', 1)"
                + " FROM invitations WHERE accepted_at IS NULL AND expires_at > now() ORDER BY email"));
        assertEquals(List.of("true"), rows.column("SELECT (expires_at > now())::text FROM invitations"
                + " WHERE accepted_at IS NOT NULL"), "an accepted one is left alone");
    }

    @Test
    void theUsersAndInvitationsWallsAreForcedAgain() throws SQLException {
        assertEquals(List.of("true", "true"), rows.column("SELECT relforcerowsecurity::text FROM pg_class"
                + " WHERE relname IN ('users', 'invitations')"));
    }

    private UUID member(UUID tenant, String role) {
        UUID id = UUID.randomUUID();
        rows.superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'N', ?)",
                id, tenant, role + "-" + id + "@example.test", role);
        return id;
    }

    private void invitation(UUID tenant, UUID sender, String role, String name, boolean accepted) {
        rows.superuser("INSERT INTO invitations (id, tenant_id, email, role, invited_by, token_hash, expires_at, accepted_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, now() + interval '1 day', CASE WHEN ? THEN now() END)",
                UUID.randomUUID(), tenant, name + "@example.test", role, sender, bytes(), accepted);
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
