package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heads anchored off the database (L1, V49): a checkpoint's head is the chain's, and it stops matching when the
 * chain is rewritten with the key; the hourly publication writes each moved head once, whoever runs it.
 */
class AuditAnchorsTest {

    private AuditFixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void threeEvents() throws SQLException {
        fixtures = AuditFixtures.migrated();
        tenant = fixtures.tenant();
        fixtures.record(tenant, entry("api_key.created", null, "{\"name\": \"a\"}"),
                entry("api_key.created", null, "{\"name\": \"b\"}"), entry("api_key.revoked", null, null));
    }

    @Test
    void aCheckpointStopsMatchingWhenTheChainIsRewrittenWithTheKey() throws SQLException {
        ChainHead head = inScope(c -> new AuditChain().head(c));
        assertEquals(3, head.seq());
        assertEquals(fixtures.single("SELECT encode(hash, 'hex') FROM admin_audit_events WHERE seq = 3"), head.hashHex());
        assertEquals(new CheckpointHeld(3, true, true), holds(head));
        assertEquals(new CheckpointHeld(0, true, true), holds(new ChainHead(0, new byte[32])));
        assertEquals(new CheckpointHeld(4, true, false), holds(new ChainHead(4, head.hash())), "no seq 4 yet");

        fixtures.ageOut(tenant, 1);
        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(tenant), "a consistent rewrite verifies");
        assertEquals(new CheckpointHeld(3, true, false), holds(head));

        fixtures.tamper("UPDATE admin_audit_events SET action = 'api_key.deleted' WHERE tenant_id = ? AND seq = 2", tenant);
        assertEquals(new CheckpointHeld(3, false, false), holds(new ChainHead(3, head.hash())));
    }

    @Test
    void theHeadIsReadOnlyInsideATenantsScope() throws SQLException {
        try (Connection c = fixtures.app()) {
            assertThrows(IllegalStateException.class, () -> new AuditChain().head(c));
            assertThrows(IllegalStateException.class, () -> new AuditChain().holds(c, new ChainHead(0, new byte[32])));
        }
        UUID empty = fixtures.tenant();
        try (Connection c = fixtures.app()) {
            c.setAutoCommit(false);
            AuditFixtures.enter(c, empty);
            assertEquals(new ChainHead(0, new byte[32]), new AuditChain().head(c), "before the first event");
            c.commit();
        }
    }

    @Test
    void eachMovedHeadIsPublishedOnceWhoeverPublishes() throws SQLException {
        UUID other = fixtures.tenant();
        fixtures.record(other, entry("api_key.created", null, null));
        List<String> lines = publish();
        assertEquals(2, lines.size(), lines.toString());
        String hash = fixtures.single("SELECT encode(hash, 'hex') FROM admin_audit_events WHERE tenant_id = ? AND seq = 3", tenant);
        String at = fixtures.single("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM"
                + " admin_audit_events WHERE tenant_id = ? AND seq = 3", tenant);
        String mine = lines.stream().filter(l -> l.contains(tenant.toString())).findFirst().orElseThrow();
        assertTrue(mine.startsWith("{\"tenant\":\"" + tenant + "\",\"seq\":3,\"hash\":\"" + hash + "\",\"at\":\"" + at), mine);

        assertEquals(List.of(), publish(), "nothing moved: nothing published, by this or another instance");
        fixtures.record(tenant, entry("api_key.created", null, null));
        List<String> moved = publish();
        assertEquals(1, moved.size(), moved.toString());
        assertTrue(moved.get(0).contains("\"seq\":4"), moved.get(0));
    }

    @Test
    void aHeadLockedByAWriterIsLeftForTheNextRun() throws SQLException {
        try (Connection writer = fixtures.app()) {
            writer.setAutoCommit(false);
            AuditFixtures.enter(writer, tenant);
            new AuditChain().append(writer, entry("api_key.created", null, null));
            assertEquals(List.of(), publish(), "the writer holds the head: skipped, not waited for");
            writer.commit();
        }
        assertEquals(1, publish().size());
    }

    private List<String> publish() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = fixtures.app()) {
            new AuditAnchors().publish(c, lines::add);
        }
        return lines;
    }

    private CheckpointHeld holds(ChainHead checkpoint) throws SQLException {
        return inScope(c -> new AuditChain().holds(c, checkpoint).orElseThrow());
    }

    private <T> T inScope(Step<T> step) throws SQLException {
        try (Connection c = fixtures.app()) {
            c.setAutoCommit(false);
            AuditFixtures.enter(c, tenant);
            T answer = step.run(c);
            c.commit();
            return answer;
        }
    }

    private interface Step<T> {
        T run(Connection c) throws SQLException;
    }
}
