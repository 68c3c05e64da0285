package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 24 months of retention: the oldest events go, the chain still verifies from the anchor, tampering stays. */
class AuditRetentionTest {

    private AuditFixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void threeExpiredEventsThenTwoRecentOnes() throws SQLException {
        fixtures = AuditFixtures.migrated();
        tenant = fixtures.tenant();
        fixtures.record(tenant, entry("api_key.created", null, "{\"name\": \"a\"}"),
                entry("api_key.created", null, "{\"name\": \"b\"}"), entry("api_key.revoked", null, null));
        fixtures.ageOut(tenant, 3);
        fixtures.record(tenant, entry("api_key.created", null, "{\"name\": \"c\"}"), entry("api_key.revoked", null, null));
    }

    @Test
    void expiredEventsGoAndTheChainStillVerifiesFromTheAnchor() throws SQLException {
        byte[] newestExpired = fixtures.bytes("SELECT hash FROM admin_audit_events WHERE seq = 3");
        assertEquals(3, purgeAll());
        assertEquals("4,5", fixtures.single("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM admin_audit_events"));
        assertEquals("3", fixtures.single("SELECT anchor_seq::text FROM admin_audit_chains WHERE tenant_id = ?", tenant));
        assertEquals(java.util.HexFormat.of().formatHex(newestExpired),
                fixtures.single("SELECT encode(anchor_hash, 'hex') FROM admin_audit_chains WHERE tenant_id = ?", tenant));
        assertEquals(new ChainVerification(true, 2, null), fixtures.verify(tenant));
        assertEquals(0, purgeAll(), "a second run, or a second instance, finds nothing left");
    }

    @Test
    void removingTheOldestRemainingEventAfterRetentionIsStillDetected() throws SQLException {
        purgeAll();
        fixtures.tamper("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq = 4", tenant);
        assertEquals(new ChainVerification(false, 1, 4L), fixtures.verify(tenant));
    }

    @Test
    void whenEveryEventExpiredTheChainGoesOnFromTheAnchor() throws SQLException {
        UUID old = fixtures.tenant();
        fixtures.record(old, entry("api_key.created", null, null), entry("api_key.revoked", null, null));
        fixtures.ageOut(old, 2);
        assertEquals(5, purgeAll());
        assertEquals(new ChainVerification(true, 0, null), fixtures.verify(old));
        assertEquals(List.of(3L), fixtures.record(old, entry("api_key.created", null, null)));
        assertEquals(new ChainVerification(true, 1, null), fixtures.verify(old));
    }

    @Test
    void aTamperedExpiredStretchIsKeptAsEvidence() throws SQLException {
        fixtures.tamper("UPDATE admin_audit_events SET after = '{\"name\": \"z\"}' WHERE tenant_id = ? AND seq = 2", tenant);
        assertEquals(0, purgeAll());
        assertEquals("5", fixtures.single("SELECT count(*)::text FROM admin_audit_events"));
        assertEquals(2L, fixtures.verify(tenant).firstBadSeq());
    }

    @Test
    void anEventBackdatedWithoutTheKeyIsNeitherDeletedNorHidden() throws SQLException {
        fixtures.tamper("UPDATE admin_audit_events SET created_at = created_at - interval '25 months' WHERE tenant_id = ? AND seq = 4",
                tenant);
        assertEquals(0, purgeAll(), "the stretch up to the backdated event no longer verifies, so it stays");
        assertEquals(new ChainVerification(false, 4, 4L), fixtures.verify(tenant));
    }

    @Test
    void onlyTenantsWithExpiredEventsAreListedAndNothingElseIsVisibleWithoutAScope() throws SQLException {
        UUID recent = fixtures.tenant();
        fixtures.record(recent, entry("api_key.created", null, null));
        try (Connection c = fixtures.app()) {
            assertEquals(List.of(tenant), AuditRetention.tenantsWithExpiredEvents(c));
            try (var rows = c.createStatement().executeQuery("SELECT count(*) FROM admin_audit_events")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "the runtime role sees no event outside a tenant's scope");
            }
        }
        assertEquals(3, purgeAll());
        assertEquals(new ChainVerification(true, 1, null), fixtures.verify(recent));
    }

    @Test
    void retentionOutsideATenantsScopeIsRefused() throws SQLException {
        try (Connection c = fixtures.app()) {
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> c.createStatement().executeQuery("SELECT audit_apply_retention()"));
            assertEquals("HT001", refused.getSQLState());
        }
        assertEquals("5", fixtures.single("SELECT count(*)::text FROM admin_audit_events"));
    }

    private long purgeAll() throws SQLException {
        try (Connection c = fixtures.app()) {
            return new AuditRetention().purgeAll(c);
        }
    }
}
