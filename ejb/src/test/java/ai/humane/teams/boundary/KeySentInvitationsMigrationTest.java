package ai.humane.teams.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * V48 on a database populated at the version before it: an open invitation an API key sent (no member named) is
 * attributed to the key the audit log recorded as its sender, in the tenant of both, and withdrawn (the row kept) when
 * that key is revoked or expired or acts with a role that may not send it; one the log says nothing of, and one
 * already accepted, are left as they were; every wall is forced again.
 */
class KeySentInvitationsMigrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseSettings db;
    private MigratedRows rows;
    private final UUID acme = UUID.randomUUID();
    private final UUID rival = UUID.randomUUID();
    private UUID ownersKey;
    private UUID unknownSender;

    @BeforeEach
    void databaseJustBeforeV48() throws SQLException {
        db = TestDatabases.fresh();
        rows = new MigratedRows(db);
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 48).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Acme'), (?, 'Rival')", acme, rival);
        UUID owner = member(acme, "owner");
        UUID demotedToMember = member(acme, "member");
        ownersKey = key(acme, "owner", owner, "");
        UUID revoked = key(acme, "owner", owner, "revoked_at = now()");
        UUID expired = key(acme, "owner", owner, "expires_at = now() - interval '1 minute'");
        UUID demotedMembersKey = key(acme, "admin", demotedToMember, "");
        UUID keyOfAKey = key(acme, "admin", null, "");
        UUID rivalRevoked = key(rival, "owner", null, "revoked_at = now()");

        sentBy(acme, ownersKey, "admin", "kept-1", false);
        sentBy(acme, keyOfAKey, "member", "kept-2", false);
        unknownSender = invitation(acme, "viewer", "kept-3", false);
        sentBy(acme, revoked, "viewer", "withdrawn-1", false);
        sentBy(acme, expired, "viewer", "withdrawn-2", false);
        sentBy(acme, demotedMembersKey, "viewer", "withdrawn-3", false);
        sentBy(acme, keyOfAKey, "admin", "withdrawn-4", false);
        sentBy(rival, rivalRevoked, "member", "withdrawn-5", false);
        sentBy(acme, revoked, "viewer", "accepted", true);
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
    }

    @Test
    void withdrawsWhatTheKeyMayNoLongerSend() throws SQLException {
        assertEquals(List.of("withdrawn-1", "withdrawn-2", "withdrawn-3", "withdrawn-4", "withdrawn-5"),
                rows.column("SELECT split_part(email, '@', 1) FROM invitations WHERE accepted_at IS NULL"
                        + " AND expires_at <= now() ORDER BY email"));
        assertEquals(List.of("kept-1", "kept-2", "kept-3"), rows.column("SELECT split_part(email, '@', 1)"
                + " FROM invitations WHERE accepted_at IS NULL AND expires_at > now() ORDER BY email"));
        assertEquals(List.of("true"), rows.column("SELECT (expires_at > now())::text FROM invitations"
                + " WHERE accepted_at IS NOT NULL"), "an accepted one is left alone");
    }

    @Test
    void namesTheKeyTheAuditLogRecorded() throws SQLException {
        assertEquals(List.of(ownersKey.toString()), rows.column("SELECT invited_by_key::text FROM invitations"
                + " WHERE email = 'kept-1@example.test'"));
        assertEquals(List.of("8"), rows.column("SELECT count(*)::text FROM invitations WHERE invited_by_key IS NOT NULL"));
        assertEquals(List.of("true"), rows.column("SELECT (invited_by_key IS NULL)::text FROM invitations WHERE id = ?",
                unknownSender), "nothing recorded of its sender");
    }

    @Test
    void theWallsAreForcedAgain() throws SQLException {
        assertEquals(List.of("true", "true", "true", "true"), rows.column("SELECT relforcerowsecurity::text FROM pg_class"
                + " WHERE relname IN ('users', 'invitations', 'api_keys', 'admin_audit_events')"));
    }

    private UUID member(UUID tenant, String role) {
        UUID id = UUID.randomUUID();
        rows.superuser("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'N', ?)",
                id, tenant, role + "-" + id + "@example.test", role);
        return id;
    }

    /** A key of {@code role} made by {@code member} (none: by a key made with none), {@code standing} set on it. */
    private UUID key(UUID tenant, String role, UUID member, String standing) {
        UUID id = UUID.randomUUID();
        rows.superuser("INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, scopes, created_by)"
                + " VALUES (?, ?, 'k', ?, ?, ?, 'read,write', ?)", id, tenant, "hk_" + id, bytes(), role, member);
        if (!standing.isEmpty()) {
            rows.superuser("UPDATE api_keys SET " + standing + " WHERE id = ?", id);
        }
        return id;
    }

    /** An invitation with no member as its sender, and the audit event that recorded {@code key} sending it. */
    private void sentBy(UUID tenant, UUID key, String role, String name, boolean accepted) throws SQLException {
        UUID invitation = invitation(tenant, role, name, accepted);
        try (Connection c = TestDatabases.asSuperuser(db)) {
            c.setAutoCommit(false);
            MigratedRows.scope(c, tenant);
            MigratedRows.update(c, "INSERT INTO admin_audit_events (tenant_id, actor_type, actor_id, action, resource_type,"
                    + " resource_id) VALUES (?, 'api_key', ?, 'member.invited', 'invitation', ?)", tenant, key,
                    invitation.toString());
            c.commit();
        }
    }

    private UUID invitation(UUID tenant, String role, String name, boolean accepted) {
        UUID id = UUID.randomUUID();
        rows.superuser("INSERT INTO invitations (id, tenant_id, email, role, token_hash, expires_at, accepted_at)"
                + " VALUES (?, ?, ?, ?, ?, now() + interval '1 day', CASE WHEN ? THEN now() END)",
                id, tenant, name + "@example.test", role, bytes(), accepted);
        return id;
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
