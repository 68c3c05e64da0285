package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** L1 on a real PostgreSQL 16: the chain as written by the runtime role, and what tampering with it shows. */
class AuditChainTest {

    private AuditFixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void tenantWithThreeEvents() throws SQLException {
        fixtures = AuditFixtures.migrated();
        tenant = fixtures.tenant();
        assertEquals(List.of(1L, 2L, 3L), fixtures.record(tenant,
                entry("api_key.created", null, "{\"name\": \"ci\", \"scopes\": \"read\"}"),
                entry("member.role_changed", "{\"role\": \"viewer\"}", "{\"role\": \"admin\"}"),
                entry("api_key.revoked", "{\"revoked_at\": null}", "{\"revoked_at\": \"2026-11-29T00:00:00Z\"}")));
    }

    @Test
    void theFirstEventChainsFromZerosAndEachNextOneFromItsPredecessor() throws SQLException {
        assertArrayEquals(new byte[32], prevHash(1));
        assertArrayEquals(hash(1), prevHash(2));
        assertArrayEquals(hash(2), prevHash(3));
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"action = 'api_key.deleted'", "before = '{\"role\": \"owner\"}'", "after = '{\"role\": \"owner\"}'",
            "actor_id = gen_random_uuid()", "actor_type = 'api_key'", "resource_type = 'user'", "resource_id = 'other'",
            "client_ip = '198.51.100.1'", "created_at = created_at - interval '1 microsecond'",
            "prev_hash = decode(repeat('11', 32), 'hex')", "hash = decode(repeat('22', 32), 'hex')"})
    void changingAnyStoredFieldOfOneEventBreaksTheChainThere(String change) throws SQLException {
        fixtures.tamper("UPDATE admin_audit_events SET " + change + " WHERE tenant_id = ? AND seq = 2", tenant);
        ChainVerification verification = fixtures.verify(tenant);
        assertFalse(verification.valid(), change);
        assertEquals(2L, verification.firstBadSeq(), change);
    }

    @Test
    void anEventRewrittenWithARecomputedHashNoLongerLinksToTheNext() throws SQLException {
        byte[] forged = new ChainLink(tenant, 2, AuditActor.system(), "member.role_changed", "api_key", "k-19",
                "{\"role\": \"viewer\"}", "{\"role\": \"viewer\"}", null, createdAt(2), prevHash(2)).digest();
        fixtures.tamper("UPDATE admin_audit_events SET actor_type = 'system', actor_id = NULL, client_ip = NULL, "
                + "after = '{\"role\": \"viewer\"}', hash = ? WHERE tenant_id = ? AND seq = 2", forged, tenant);
        assertEquals(new ChainVerification(false, 3, 3L), fixtures.verify(tenant));
    }

    @Test
    void theNewestEventRewrittenWithARecomputedHashNoLongerMatchesTheHead() throws SQLException {
        byte[] forged = new ChainLink(tenant, 3, AuditActor.system(), "api_key.revoked", "api_key", "k-15",
                null, null, null, createdAt(3), prevHash(3)).digest();
        fixtures.tamper("UPDATE admin_audit_events SET actor_type = 'system', actor_id = NULL, client_ip = NULL, "
                + "before = NULL, after = NULL, hash = ? WHERE tenant_id = ? AND seq = 3", forged, tenant);
        assertEquals(3L, fixtures.verify(tenant).firstBadSeq());
    }

    @Test
    void aDeletedEventIsAGapWhereverItWas() throws SQLException {
        fixtures.tamper("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq = 2", tenant);
        assertEquals(2L, fixtures.verify(tenant).firstBadSeq());
        fixtures.tamper("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq = 3", tenant);
        assertEquals(2L, fixtures.verify(tenant).firstBadSeq());
        fixtures.tamper("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq = 1", tenant);
        assertEquals(1L, fixtures.verify(tenant).firstBadSeq(), "an emptied log is not an intact one");
    }

    @Test
    void credentialsAreStrippedAtAnyDepthBeforeTheyAreHashedOrStored() throws SQLException {
        fixtures.record(tenant, entry("user.password_changed",
                "{\"email\": \"a@example.test\", \"password\": \"old\", \"password_hash\": \"$2a$12$x\"}",
                "{\"name\": \"k\", \"key\": \"hk_live_x\", \"key_hash\": \"\\\\x00\", \"apiKey\": \"y\", \"Client-Secret\": \"z\","
                        + " \"nested\": {\"refresh_token\": \"t\", \"kept\": 1}, \"list\": [{\"secret\": \"s\", \"kept\": [2]}]}"));
        assertEquals("{\"email\": \"a@example.test\"}", fixtures.single("SELECT before::text FROM admin_audit_events WHERE seq = 4"));
        assertEquals("{\"list\": [{\"kept\": [2]}], \"name\": \"k\", \"nested\": {\"kept\": 1}}",
                fixtures.single("SELECT after::text FROM admin_audit_events WHERE seq = 4"));
        assertTrue(fixtures.verify(tenant).valid());
    }

    @Test
    void theDatabaseRefusesADocumentWithACredentialWhoeverWritesIt() throws SQLException {
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, tenant);
            SQLException refused = assertThrows(SQLException.class, () -> AuditFixtures.update(app,
                    "INSERT INTO admin_audit_events (id, tenant_id, seq, actor_type, action, resource_type, after, created_at,"
                            + " prev_hash, hash) VALUES (gen_random_uuid(), ?, 99, 'system', 'x.y', 'x', '{\"token\": \"t\"}',"
                            + " now(), decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))", tenant));
            assertTrue(refused.getMessage().contains("check constraint"), refused.getMessage());
        }
    }

    @Test
    void theRuntimeRoleCanNeitherChangeNorDeleteARecentEvent() throws SQLException {
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, tenant);
            SQLException refused = assertThrows(SQLException.class,
                    () -> AuditFixtures.update(app, "UPDATE admin_audit_events SET action = 'x.y'"));
            assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            app.rollback();
            AuditFixtures.enter(app, tenant);
            assertEquals(0, AuditFixtures.update(app, "DELETE FROM admin_audit_events"));
            app.commit();
        }
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant));
    }

    @Test
    void eachTenantHasItsOwnChainAndSeesNoOtherOne() throws SQLException {
        UUID other = fixtures.tenant();
        assertEquals(List.of(1L), fixtures.record(other, entry("api_key.created", null, "{\"name\": \"b\"}")));
        assertEquals(new ChainVerification(true, 1, null), fixtures.verify(other));
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, other);
            try (var rows = app.createStatement().executeQuery("SELECT count(*) FROM admin_audit_events")) {
                rows.next();
                assertEquals(1, rows.getInt(1));
            }
            assertEquals(0, AuditFixtures.update(app, "DELETE FROM admin_audit_events WHERE tenant_id = '" + tenant + "'"));
            app.rollback();
        }
        fixtures.tamper("UPDATE admin_audit_events SET action = 'x.y' WHERE tenant_id = ?", tenant);
        assertTrue(fixtures.verify(other).valid(), "verification covers only the tenant in scope");
    }

    @Test
    void nothingIsRecordedOrVerifiedOutsideATenantsScope() throws SQLException {
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            assertThrows(IllegalStateException.class, () -> new AuditChain().append(app, entry("api_key.created", null, null)));
            assertThrows(IllegalStateException.class, () -> new AuditChain().verify(app));
            app.rollback();
        }
    }

    private byte[] hash(long seq) throws SQLException {
        return fixtures.bytes("SELECT hash FROM admin_audit_events WHERE tenant_id = ? AND seq = ?", tenant, seq);
    }

    private byte[] prevHash(long seq) throws SQLException {
        return fixtures.bytes("SELECT prev_hash FROM admin_audit_events WHERE tenant_id = ? AND seq = ?", tenant, seq);
    }

    private java.time.Instant createdAt(long seq) throws SQLException {
        return java.time.OffsetDateTime.parse(fixtures.single(
                "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM admin_audit_events"
                        + " WHERE tenant_id = ? AND seq = ?", tenant, seq)).toInstant();
    }
}
