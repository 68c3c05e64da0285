package ai.humane.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.TestDatabases;
import ai.humane.testing.TwoTenants;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The purge of ended sessions (V38) on a real PostgreSQL 16: a session goes 30 days after it ended, whichever way it
 * ended, in every tenant, and nothing else goes, even for the owner the purge runs as.
 */
class EndedSessionsTest {

    private static final String KEPT = "idled-29d,live,live-baa,live-opened-89d,revoked-1d,revoked-29d-sso";

    private TwoTenants tenants;

    @BeforeEach
    void twoTenantsWithSessionsOfEveryKindAndAge() throws SQLException {
        tenants = TwoTenants.migrated();
        UUID first = tenants.first();
        UUID firstOwner = tenants.firstOwner();
        UUID second = tenants.second();
        UUID secondOwner = tenants.secondOwner();
        // Live, however long ago opened; a BAA tenant's, idle for 15 minutes at most.
        session(first, firstOwner, "live", true, "1 day", null, "now() + interval '29 days'",
                "now() + interval '89 days'");
        session(second, secondOwner, "live-opened-89d", true, "89 days", null, "now() + interval '1 day'",
                "now() + interval '1 day'");
        session(second, secondOwner, "live-baa", false, "1 hour", null, "now() + interval '10 minutes'",
                "now() + interval '11 hours'");
        // Ended within the month: kept.
        session(first, firstOwner, "revoked-1d", true, "2 days", "now() - interval '1 day'",
                "now() + interval '28 days'", "now() + interval '88 days'");
        session(second, secondOwner, "revoked-29d-sso", false, "40 days", "now() - interval '29 days'",
                "now() + interval '1 day'", "now() + interval '50 days'");
        session(first, firstOwner, "idled-29d", true, "59 days", null, "now() - interval '29 days'",
                "now() + interval '31 days'");
        // Ended more than 30 days ago, each way a session ends: deleted.
        session(first, firstOwner, "signed-out-31d", true, "32 days", "now() - interval '31 days'",
                "now() - interval '2 days'", "now() + interval '58 days'");
        session(second, secondOwner, "idled-31d", false, "61 days", null, "now() - interval '31 days'",
                "now() + interval '29 days'");
        session(first, firstOwner, "idled-31d-revoked-1d", true, "61 days", "now() - interval '1 day'",
                "now() - interval '31 days'", "now() + interval '29 days'");
        session(second, secondOwner, "capped-31d", true, "121 days", null, "now() - interval '31 days'",
                "now() - interval '31 days'");
        session(first, firstOwner, "baa-idled-31d", false, "31 days", null, "now() - interval '31 days'",
                "now() - interval '30 days' - interval '12 hours'");
    }

    /**
     * Broken once each: a grace of 0 days took the session revoked yesterday and both that ended 29 days ago; an end
     * read from the expiries alone kept the session signed out 31 days ago.
     */
    @Test
    void deletesInEveryTenantOnlyTheSessionsThatEndedMoreThanAMonthAgo() throws SQLException {
        try (Connection app = TestDatabases.asApp(tenants.db())) {
            assertEquals(5, EndedSessions.purge(app), "three of the first tenant and two of the second");
            assertEquals(0, EndedSessions.purge(app), "idempotent");
        }
        assertEquals(KEPT, labels());
    }

    /**
     * The owner's policy (V38) lets it delete no session within its month either, outside the function and without a
     * tenant; the runtime role without a tenant deletes nothing at all.
     */
    @Test
    void theOwnerMayDeleteNoSessionStillWithinItsMonth() throws SQLException {
        try (Connection app = TestDatabases.asApp(tenants.db()); Statement s = app.createStatement()) {
            assertEquals(0, s.executeUpdate("DELETE FROM sessions"));
        }
        try (Connection owner = TestDatabases.asOwner(tenants.db()); Statement s = owner.createStatement()) {
            assertEquals(5, s.executeUpdate("DELETE FROM sessions"));
        }
        assertEquals(KEPT, labels());
    }

    /** The hash column holds the label, padded to the 32 bytes its CHECK requires, so the rows can be named. */
    private void session(UUID tenant, UUID user, String label, boolean forPerson, String openedAgo, String revokedAt,
                         String expiresAt, String absoluteExpiresAt) throws SQLException {
        TestDatabases.superuser(tenants.db(), "INSERT INTO sessions (id, tenant_id, user_id, token_hash, csrf_hash,"
                + " by_password, created_at, revoked_at, expires_at, absolute_expires_at) VALUES (?, ?, ?, ?,"
                + " sha256(?::bytea), ?, now() - ?::interval, " + (revokedAt == null ? "NULL" : revokedAt) + ", "
                + expiresAt + ", " + absoluteExpiresAt + ")",
                UUID.randomUUID(), tenant, user, TwoTenants.labelAsHash(label), label, forPerson, openedAgo);
    }

    private String labels() throws SQLException {
        return TestDatabases.superuser(tenants.db(),
                "SELECT string_agg(rtrim(convert_from(token_hash, 'UTF8')), ',' ORDER BY token_hash) FROM sessions");
    }
}
