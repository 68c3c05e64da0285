package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** L1 on a real PostgreSQL 16: the chain the database keeps, and what tampering with it shows. */
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

    @Test
    void theHashIsAnHmacOfTheDocumentedEncodingUnderTheDatabasesKey() throws SQLException {
        byte[] key = fixtures.bytes("SELECT key FROM audit_chain_key");
        ChainEncoding second = storedEvent(2, "member.role_changed", "{\"role\": \"admin\"}");
        assertArrayEquals(second.hmac(key), hash(2));
        assertFalse(java.util.Arrays.equals(second.digest(), hash(2)), "the unkeyed hash of version 1 is no longer used");
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
    void anEventRewrittenWithAHashComputedWithoutTheKeyIsFoundAtOnce() throws SQLException {
        byte[] forged = storedEvent(2, "member.role_changed", "{\"role\": \"viewer\"}").digest();
        fixtures.tamper("UPDATE admin_audit_events SET after = '{\"role\": \"viewer\"}', hash = ? WHERE tenant_id = ? AND seq = 2",
                forged, tenant);
        assertEquals(new ChainVerification(false, 2, 2L), fixtures.verify(tenant));
    }

    @Test
    void anEventRewrittenWithTheKeyNoLongerLinksToTheNext() throws SQLException {
        byte[] forged = storedEvent(2, "member.role_changed", "{\"role\": \"viewer\"}").hmac(chainKey());
        fixtures.tamper("UPDATE admin_audit_events SET after = '{\"role\": \"viewer\"}', hash = ? WHERE tenant_id = ? AND seq = 2",
                forged, tenant);
        assertEquals(new ChainVerification(false, 3, 3L), fixtures.verify(tenant));
    }

    @Test
    void theNewestEventRewrittenWithTheKeyNoLongerMatchesTheHead() throws SQLException {
        byte[] forged = storedEvent(3, "api_key.revoked", "{}").hmac(chainKey());
        fixtures.tamper("UPDATE admin_audit_events SET after = '{}', hash = ? WHERE tenant_id = ? AND seq = 3", forged, tenant);
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
    void theRuntimeRolesOwnInsertGetsTheDatabasesSeqTimeAndHashAndIsStrippedOfCredentials() throws SQLException {
        UUID chosenId = UUID.randomUUID();
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, tenant);
            AuditFixtures.update(app, "INSERT INTO admin_audit_events (id, tenant_id, seq, actor_type, action, resource_type, after,"
                    + " created_at, prev_hash, hash) VALUES (?, ?, 99, 'system', 'x.y', 'x', '{\"token\": \"t\", \"n\": 1}',"
                    + " now() - interval '25 months', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))",
                    chosenId, tenant);
            app.commit();
        }
        assertEquals("4|false|true|{\"n\": 1}", fixtures.single("SELECT seq || '|' || (id = ?) || '|' || (created_at > now() - interval '1 day')"
                + " || '|' || after::text FROM admin_audit_events WHERE tenant_id = ? AND action = 'x.y'", chosenId, tenant));
        assertArrayEquals(hash(3), prevHash(4), "chained to the newest event, not to the zeros it supplied");
        assertEquals(new ChainVerification(true, 4, null), fixtures.verify(tenant));
        try (Connection app = fixtures.app()) {
            assertEquals(List.of(), AuditRetention.tenantsWithExpiredEvents(app), "nothing can be backdated into retention");
        }
    }

    @Test
    void theRuntimeRoleCanNeitherChangeNorDeleteAnEvent() throws SQLException {
        fixtures.ageOut(tenant, 1);
        for (String sql : List.of("UPDATE admin_audit_events SET action = 'x.y'", "UPDATE admin_audit_events SET created_at = now()",
                "DELETE FROM admin_audit_events WHERE seq = 3", "DELETE FROM admin_audit_events WHERE seq = 1",
                "TRUNCATE admin_audit_events")) {
            assertRefused(sql, "permission denied");
        }
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant));
    }

    @Test
    void theRuntimeRoleCanNeitherReadNorWriteTheChainHeadOrItsKey() throws SQLException {
        for (String sql : List.of("UPDATE admin_audit_chains SET anchor_seq = last_seq, anchor_hash = last_hash",
                "INSERT INTO admin_audit_chains (tenant_id) VALUES (gen_random_uuid())", "DELETE FROM admin_audit_chains",
                "SELECT * FROM admin_audit_chains", "SELECT key FROM audit_chain_key",
                "SELECT audit_event_hmac(e) FROM admin_audit_events e")) {
            assertRefused(sql, "permission denied");
        }
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant));
    }

    @Test
    void noEventGoesIntoAnotherTenantsChain() throws SQLException {
        UUID other = fixtures.tenant();
        assertRefused("INSERT INTO admin_audit_events (tenant_id, actor_type, action, resource_type) VALUES ('" + other
                + "', 'system', 'x.y', 'x')", "tenant in scope");
        assertEquals(new ChainVerification(true, 0, null), fixtures.verify(other));
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
            app.rollback();
            assertThrows(IllegalStateException.class, () -> new AuditChain().verify(app));
            app.rollback();
        }
    }

    /** Runs {@code sql} as the runtime role inside this tenant's scope and expects the database to refuse it. */
    private void assertRefused(String sql, String because) throws SQLException {
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, tenant);
            SQLException refused = assertThrows(SQLException.class, () -> app.createStatement().execute(sql), sql);
            assertTrue(refused.getMessage().contains(because), sql + ": " + refused.getMessage());
            app.rollback();
        }
    }

    /** Event {@code seq} as stored, with {@code after} in its place: what a forger would hash. */
    private ChainEncoding storedEvent(long seq, String action, String after) throws SQLException {
        return new ChainEncoding(tenant, seq, AuditActor.user(UUID.nameUUIDFromBytes(action.getBytes())), action, "api_key",
                "k-" + action.length(), fixtures.single("SELECT before::text FROM admin_audit_events WHERE tenant_id = ? AND seq = ?",
                tenant, seq), after, "192.0.2.7", createdAt(seq), prevHash(seq));
    }

    private byte[] chainKey() throws SQLException {
        return fixtures.bytes("SELECT key FROM audit_chain_key");
    }

    private byte[] hash(long seq) throws SQLException {
        return fixtures.bytes("SELECT hash FROM admin_audit_events WHERE tenant_id = ? AND seq = ?", tenant, seq);
    }

    private byte[] prevHash(long seq) throws SQLException {
        return fixtures.bytes("SELECT prev_hash FROM admin_audit_events WHERE tenant_id = ? AND seq = ?", tenant, seq);
    }

    private Instant createdAt(long seq) throws SQLException {
        return OffsetDateTime.parse(fixtures.single(
                "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM admin_audit_events"
                        + " WHERE tenant_id = ? AND seq = ?", tenant, seq)).toInstant();
    }
}
