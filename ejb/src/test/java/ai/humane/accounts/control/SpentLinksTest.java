package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import ai.humane.testing.TwoTenants;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The purge of spent e-mailed links (V37) on a real PostgreSQL 16: a token or an invitation goes 7 days after it
 * stopped working, in every tenant, and nothing else goes, even for the owner the purge runs as.
 */
class SpentLinksTest {

    private DatabaseSettings db;
    private UUID first;
    private UUID firstOwner;
    private UUID second;
    private UUID secondOwner;

    @BeforeEach
    void twoTenantsWithLinksOfEveryAge() throws SQLException {
        TwoTenants tenants = TwoTenants.migrated();
        db = tenants.db();
        first = tenants.first();
        firstOwner = tenants.firstOwner();
        second = tenants.second();
        secondOwner = tenants.secondOwner();
        token(first, firstOwner, "used-8d", "now() - interval '8 days'", "now() - interval '191 hours'");
        token(second, secondOwner, "expired-8d", null, "now() - interval '8 days'");
        token(second, secondOwner, "expired-8d-withdrawn-1d", "now() - interval '1 day'", "now() - interval '8 days'");
        token(first, firstOwner, "used-1d", "now() - interval '1 day'", "now() - interval '23 hours'");
        token(first, firstOwner, "expired-6d", null, "now() - interval '6 days'");
        token(second, secondOwner, "open", null, "now() + interval '1 hour'");
        invitation(first, "accepted-8-days-ago", "now() - interval '8 days'", "now() - interval '1 day'");
        invitation(second, "expired-10-days-ago", null, "now() - interval '10 days'");
        invitation(first, "withdrawn-today", null, "now()");
        invitation(second, "open-invitation", null, "now() + interval '7 days'");
    }

    /** Broken once: a grace of 0 days took the link used yesterday and the one expired 6 days ago. */
    @Test
    void deletesInEveryTenantOnlyTheLinksSpentMoreThanAWeekAgo() throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            assertEquals(5, SpentLinks.purge(app), "three tokens and two invitations of both tenants");
            assertEquals(0, SpentLinks.purge(app), "idempotent");
        }
        assertEquals("expired-6d,open,used-1d", superuser(
                "SELECT string_agg(rtrim(convert_from(token_hash, 'UTF8')), ',' ORDER BY token_hash) FROM email_tokens"));
        assertEquals("open-invitation@example.test,withdrawn-today@example.test",
                superuser("SELECT string_agg(email, ',' ORDER BY email) FROM invitations"));
    }

    /** The owner's policies (V37) let it delete nothing live either, outside the function and without a tenant. */
    @Test
    void theOwnerMayDeleteNoLinkStillWithinItsWeek() throws SQLException {
        try (Connection owner = TestDatabases.asOwner(db); Statement s = owner.createStatement()) {
            assertEquals(3, s.executeUpdate("DELETE FROM email_tokens"));
            assertEquals(2, s.executeUpdate("DELETE FROM invitations"));
        }
        assertEquals("3", superuser("SELECT count(*)::text FROM email_tokens"));
        assertEquals("2", superuser("SELECT count(*)::text FROM invitations"));
    }

    /** The hash column holds the label, padded to the 32 bytes its CHECK requires, so the rows can be named. */
    private void token(UUID tenant, UUID user, String label, String usedAt, String expiresAt) throws SQLException {
        superuser("INSERT INTO email_tokens (id, tenant_id, user_id, purpose, token_hash, used_at, expires_at, created_at)"
                + " VALUES (?, ?, ?, 'password-reset', ?, " + (usedAt == null ? "NULL" : usedAt) + ", " + expiresAt
                + ", now() - interval '30 days')", UUID.randomUUID(), tenant, user, TwoTenants.labelAsHash(label));
    }

    private void invitation(UUID tenant, String label, String acceptedAt, String expiresAt) throws SQLException {
        superuser("INSERT INTO invitations (id, tenant_id, email, role, token_hash, accepted_at, expires_at, created_at)"
                + " VALUES (?, ?, ?, 'member', sha256(?::bytea), " + (acceptedAt == null ? "NULL" : acceptedAt) + ", "
                + expiresAt + ", now() - interval '30 days')", UUID.randomUUID(), tenant, label + "@example.test", label);
    }

    private String superuser(String sql, Object... parameters) throws SQLException {
        return TestDatabases.superuser(db, sql, parameters);
    }
}
