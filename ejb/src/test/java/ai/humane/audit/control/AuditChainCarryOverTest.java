package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Migration V10 carries the chains the application wrote under version 1 (unkeyed SHA-256) over to the
 * keyed chain: an intact chain verifies afterwards and goes on, a broken one still breaks where it did.
 */
class AuditChainCarryOverTest {

    @Test
    void anIntactChainIsCarriedOverAndABrokenOneStillBreaksWhereItDid() throws SQLException {
        AuditFixtures fixtures = AuditFixtures.migratedTo("9");
        UUID intact = versionOneChain(fixtures, 3);
        UUID broken = versionOneChain(fixtures, 3);
        UUID headless = versionOneChain(fixtures, 2);
        fixtures.tamper("UPDATE admin_audit_events SET action = 'api_key.deleted' WHERE tenant_id = ? AND seq = 2", broken);
        fixtures.tamper("UPDATE admin_audit_chains SET last_hash = decode(repeat('33', 32), 'hex') WHERE tenant_id = ?", headless);

        fixtures.migrate();

        assertEquals(new ChainVerification(true, 3, null), fixtures.verify(intact));
        assertEquals(new ChainVerification(false, 2, 2L), fixtures.verify(broken));
        assertEquals(new ChainVerification(false, 2, 2L), fixtures.verify(headless));
        assertEquals(List.of(4L), fixtures.record(intact, entry("api_key.created", null, null)));
        assertEquals(new ChainVerification(true, 4, null), fixtures.verify(intact));
    }

    /** A tenant and its chain as the application wrote them before V10, as the runtime role. */
    private static UUID versionOneChain(AuditFixtures fixtures, int events) throws SQLException {
        UUID tenant = fixtures.tenant();
        byte[] previous = ChainEncoding.genesis();
        try (Connection app = fixtures.app()) {
            app.setAutoCommit(false);
            AuditFixtures.enter(app, tenant);
            AuditFixtures.update(app, "INSERT INTO admin_audit_chains (tenant_id) VALUES (?)", tenant);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int seq = 1; seq <= events; seq++) {
                ChainEncoding event = new ChainEncoding(tenant, seq, AuditActor.system(), "api_key.created", "api_key",
                        "k" + seq, null, "{\"n\": " + seq + "}", "192.0.2.7", at.plusSeconds(seq), previous);
                byte[] hash = event.digest();
                AuditFixtures.update(app, "INSERT INTO admin_audit_events (id, tenant_id, seq, actor_type, action, resource_type,"
                        + " resource_id, after, client_ip, created_at, prev_hash, hash) VALUES (gen_random_uuid(), ?, ?, 'system',"
                        + " 'api_key.created', 'api_key', ?, CAST(? AS jsonb), '192.0.2.7', ?, ?, ?)", tenant, seq, "k" + seq,
                        event.after(), OffsetDateTime.ofInstant(event.createdAt(), ZoneOffset.UTC), previous, hash);
                previous = hash;
            }
            AuditFixtures.update(app, "UPDATE admin_audit_chains SET last_seq = ?, last_hash = ? WHERE tenant_id = ?",
                    events, previous, tenant);
            app.commit();
        }
        return tenant;
    }
}
