package ai.humane.idempotency.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.humane.audit.control.EndUserDataRead;
import ai.humane.local.DatabaseSettings;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MigratedRows;
import ai.humane.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V53 on a database holding an answer stored before it: the answer is still replayed, its reads unknown (null, not
 * none), which {@code IdempotentReplay} answers with what the one route marked then recorded; an answer stored after
 * keeps its reads.
 */
class ReadsKeptMigrationTest {

    @Test
    void anAnswerStoredBeforeV53IsReplayedWithItsReadsUnknown() throws Exception {
        DatabaseSettings db = TestDatabases.fresh();
        SchemaMigrations migrations = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
        String before = migrations.versions().stream().filter(v -> Double.parseDouble(v) < 53).reduce((a, b) -> b)
                .orElseThrow();
        SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), before);
        UUID tenant = UUID.randomUUID();
        MigratedRows rows = new MigratedRows(db);
        rows.superuser("INSERT INTO tenants (id, name) VALUES (?, 'Acme')", tenant);
        byte[] print = IdempotencyRecords.fingerprint("PATCH", "/api/v1/end-users/e", null, "{}".getBytes(StandardCharsets.UTF_8));
        rows.superuser("INSERT INTO idempotency_keys (tenant_id, credential, key, fingerprint, state, status, content_type,"
                + " body, expires_at) VALUES (?, 'user:1', 'before', ?, 'done', 200, 'application/json', ?,"
                + " now() + interval '1 hour')", tenant, print, "{\"id\":\"e\"}".getBytes(StandardCharsets.UTF_8));
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();

        IdempotencyRecords records = new IdempotencyRecords();
        try (Connection app = TestDatabases.asApp(db)) {
            StoredResponse stored = assertInstanceOf(Claim.Replay.class,
                    records.claim(app, new IdempotencyScope(tenant, "user:1", "before"), print)).response();
            assertEquals("{\"id\":\"e\"}", new String(stored.body(), StandardCharsets.UTF_8));
            assertNull(stored.reads(), "stored before V53: its reads are not known");

            IdempotencyScope after = new IdempotencyScope(tenant, "user:1", "after");
            List<EndUserDataRead> read = List.of(new EndUserDataRead("end_user", "end_user", "e", 1));
            records.complete(app, (Claim.Claimed) records.claim(app, after, print),
                    new StoredResponse(200, "application/json", null, "{}".getBytes(), read));
            assertEquals(read, assertInstanceOf(Claim.Replay.class, records.claim(app, after, print)).response().reads());
        }
    }
}
