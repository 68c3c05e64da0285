package ai.humane.idempotency.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.audit.control.EndUserDataRead;
import ai.humane.local.DatabaseSettings;
import ai.humane.privacy.control.Erasure;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.control.TenantTransactions;
import ai.humane.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two connections stand for two instances: a claim one commits is what the other sees. */
class IdempotencyRecordsTest {

    private static DatabaseSettings db;
    private static UUID tenant;
    private static UUID otherTenant;
    private final IdempotencyRecords records = new IdempotencyRecords();

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabases.migrated();
        try (Connection app = TestDatabases.asApp(db)) {
            tenant = new TenantProvisioning().provision(app, "Idem A", "a@example.test", "A").tenantId();
            otherTenant = new TenantProvisioning().provision(app, "Idem B", "b@example.test", "B").tenantId();
        }
    }

    @Test
    void aClaimIsSeenByAnotherInstanceUntilItsAnswerIsStored() throws Exception {
        IdempotencyScope scope = new IdempotencyScope(tenant, "api_key:" + UUID.randomUUID(), "k-1");
        byte[] print = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", null, "{}".getBytes(StandardCharsets.UTF_8));
        try (Connection one = TestDatabases.asApp(db); Connection two = TestDatabases.asApp(db)) {
            Claim.Claimed held = assertInstanceOf(Claim.Claimed.class, records.claim(one, scope, print));
            assertThrows(IdempotencyKeyInUse.class, () -> records.claim(two, scope, print));
            records.complete(one, held, new StoredResponse(201, "application/json", "/x", "{\"id\":1}".getBytes(), List.of()));
            Claim replay = records.claim(two, scope, print);
            StoredResponse stored = assertInstanceOf(Claim.Replay.class, replay).response();
            assertEquals(201, stored.status());
            assertArrayEquals("{\"id\":1}".getBytes(), stored.body());
            byte[] other = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", null, "{ }".getBytes(StandardCharsets.UTF_8));
            assertThrows(IdempotencyKeyReuse.class, () -> records.claim(two, scope, other));
        }
    }

    /**
     * The query is part of what a key stands for; a request without one keeps the fingerprint it had before the
     * query joined (method, path, a newline, the body), so that keys stored then still answer their replays.
     */
    @Test
    void theQueryIsPartOfTheFingerprintAndARequestWithoutOneKeepsItsOwn() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] bare = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", null, body);
        assertArrayEquals(MessageDigest.getInstance("SHA-256")
                .digest("POST /api/v1/engines\n{}".getBytes(StandardCharsets.UTF_8)), bare);
        byte[] queried = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", "source=a", body);
        assertFalse(Arrays.equals(bare, queried));
        assertFalse(Arrays.equals(queried, IdempotencyRecords.fingerprint("POST", "/api/v1/engines", "source=b", body)));
        assertFalse(Arrays.equals(bare, IdempotencyRecords.fingerprint("POST", "/api/v1/engines", "", body)));
        IdempotencyScope scope = new IdempotencyScope(tenant, "api_key:" + UUID.randomUUID(), "queried");
        try (Connection c = TestDatabases.asApp(db)) {
            records.complete(c, (Claim.Claimed) records.claim(c, scope, queried),
                    new StoredResponse(201, "application/json", "/x", "{}".getBytes(), List.of()));
            assertInstanceOf(Claim.Replay.class, records.claim(c, scope, queried));
            assertThrows(IdempotencyKeyReuse.class, () -> records.claim(c, scope, bare));
        }
    }

    /**
     * A request that outlived its claim (older than the stale limit) and was taken over by a retry with another body
     * stores nothing and releases nothing: the successor's answer is the one kept, under its own body's fingerprint.
     * Before, the first request's answer was stored over the second's claim (broken once).
     */
    @Test
    void aClaimTakenOverWritesNothingOverItsSuccessor() throws Exception {
        IdempotencyScope scope = new IdempotencyScope(tenant, "api_key:" + UUID.randomUUID(), "slow");
        byte[] first = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", null, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] second = IdempotencyRecords.fingerprint("POST", "/api/v1/engines", null, "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        try (Connection one = TestDatabases.asApp(db); Connection two = TestDatabases.asApp(db)) {
            Claim.Claimed slow = assertInstanceOf(Claim.Claimed.class, records.claim(one, scope, first));
            TestDatabases.superuser(db, "UPDATE idempotency_keys SET claimed_at = claimed_at - interval '6 minutes'"
                    + " WHERE key = 'slow'");
            Claim.Claimed retry = assertInstanceOf(Claim.Claimed.class, records.claim(two, scope, second), "taken over");

            records.complete(one, slow, new StoredResponse(201, "application/json", "/first", "{\"n\":1}".getBytes(),
                    List.of()));
            records.release(one, slow);
            assertThrows(IdempotencyKeyInUse.class, () -> records.claim(one, scope, second), "still the successor's");
            records.complete(two, retry, new StoredResponse(201, "application/json", "/second", "{\"n\":2}".getBytes(),
                    List.of()));
            StoredResponse kept = assertInstanceOf(Claim.Replay.class, records.claim(one, scope, second)).response();
            assertEquals("/second", kept.location());
        }
    }

    /**
     * A claim whose request's work committed (the mark is written in the work's own transaction) is not taken over
     * once stale: its instance died before the answer was kept, and running the request again would do it twice;
     * a retry is told so. A mark whose transaction rolled back leaves the claim to be taken over as before (broken
     * once: the stale claim was taken over and the request would have run again).
     */
    @Test
    void aClaimWhoseWorkCommittedIsNeverTakenOver() throws Exception {
        for (boolean committed : new boolean[] {true, false}) {
            String key = "carried-" + committed;
            IdempotencyScope scope = new IdempotencyScope(tenant, "api_key:" + UUID.randomUUID(), key);
            byte[] print = IdempotencyRecords.fingerprint("POST", "/api/v1/api-keys", null, "{}".getBytes(StandardCharsets.UTF_8));
            try (Connection one = TestDatabases.asApp(db); Connection work = TestDatabases.asApp(db);
                 Connection two = TestDatabases.asApp(db)) {
                Claim.Claimed held = assertInstanceOf(Claim.Claimed.class, records.claim(one, scope, print));
                work.setAutoCommit(false);
                CarriedOut.serving(held);
                try {
                    TenantScope.enter(work, tenant);
                    CarriedOut.mark(work, otherTenant); // another tenant's transaction marks nothing
                    CarriedOut.mark(work, tenant);
                } finally {
                    CarriedOut.served();
                }
                if (committed) {
                    work.commit();
                } else {
                    work.rollback();
                }
                TestDatabases.superuser(db, "UPDATE idempotency_keys SET claimed_at = claimed_at - interval '6 minutes'"
                        + " WHERE key = '" + key + "'");
                if (committed) {
                    IdempotencyKeyInUse refused = assertThrows(IdempotencyKeyInUse.class, () -> records.claim(two, scope, print));
                    assertTrue(refused.detail().contains("carried out"), refused.detail());
                } else {
                    assertInstanceOf(Claim.Claimed.class, records.claim(two, scope, print), "taken over");
                }
            }
        }
    }

    /**
     * The reads of end-user data a request recorded are kept with its answer, in order and whole, and come back with
     * the replay (O6: the replay records them again); a request that recorded none is kept with none, which is not the
     * null of an answer stored before V53. A claim taken over after its key expired keeps nothing of the reads before.
     */
    @Test
    void theReadsARequestRecordedComeBackWithItsAnswer() throws Exception {
        List<EndUserDataRead> recorded = List.of(new EndUserDataRead("end_user", "end_user", UUID.randomUUID().toString(), 1),
                new EndUserDataRead("webhook_event", "webhook_delivery", UUID.randomUUID().toString(), 1),
                new EndUserDataRead("end_users", "tenant", tenant.toString(), 37));
        byte[] print = IdempotencyRecords.fingerprint("PATCH", "/api/v1/end-users/x", null, "{}".getBytes(StandardCharsets.UTF_8));
        try (Connection c = TestDatabases.asApp(db)) {
            IdempotencyScope reading = new IdempotencyScope(tenant, "user:5", "reading");
            records.complete(c, (Claim.Claimed) records.claim(c, reading, print),
                    new StoredResponse(200, "application/json", null, "{}".getBytes(), recorded));
            assertEquals(recorded, assertInstanceOf(Claim.Replay.class, records.claim(c, reading, print)).response().reads());

            IdempotencyScope none = new IdempotencyScope(tenant, "user:5", "none");
            records.complete(c, (Claim.Claimed) records.claim(c, none, print),
                    new StoredResponse(201, "application/json", null, "{}".getBytes(), List.of()));
            assertEquals(List.of(), assertInstanceOf(Claim.Replay.class, records.claim(c, none, print)).response().reads());

            TestDatabases.superuser(db, "UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                    + " WHERE key = 'reading'");
            Claim.Claimed again = assertInstanceOf(Claim.Claimed.class, records.claim(c, reading, print), "expired");
            assertEquals("running null", TestDatabases.superuser(db, "SELECT state || ' ' || coalesce(reads::text, 'null')"
                    + " FROM idempotency_keys WHERE key = 'reading'"), "the reads before are gone with the answer");
            records.release(c, again);
        }
    }

    @Test
    void tenantsAndCredentialsNeverShareAKey() throws Exception {
        byte[] print = IdempotencyRecords.fingerprint("POST", "/p", null, new byte[0]);
        try (Connection c = TestDatabases.asApp(db)) {
            assertInstanceOf(Claim.Claimed.class, records.claim(c, new IdempotencyScope(tenant, "user:1", "same"), print));
            assertInstanceOf(Claim.Claimed.class, records.claim(c, new IdempotencyScope(otherTenant, "user:1", "same"), print));
            assertInstanceOf(Claim.Claimed.class, records.claim(c, new IdempotencyScope(tenant, "user:2", "same"), print));
        }
    }

    @Test
    void aReleasedClaimFreesTheKey() throws Exception {
        IdempotencyScope scope = new IdempotencyScope(tenant, "user:3", "released");
        try (Connection c = TestDatabases.asApp(db)) {
            records.release(c, (Claim.Claimed) records.claim(c, scope, new byte[] {1}));
            assertInstanceOf(Claim.Claimed.class, records.claim(c, scope, new byte[] {2}));
        }
    }

    /**
     * L3: an erasure withholds the answers of the tenant's requests still running, which may name the erased end user
     * (a PATCH whose work committed before the erasure, its answer kept just after): none is kept, and a retry is told
     * the request was carried out (409); another tenant's claims are left alone, and a claim made after the erasure
     * keeps its answer (a review, 2026-12-07; broken once: the answer was kept and replayed the erased end user).
     */
    @Test
    void anErasureWithholdsTheAnswersOfItsTenantsRunningRequests() throws Exception {
        IdempotencyScope running = new IdempotencyScope(tenant, "user:" + UUID.randomUUID(), "patch-during-erasure");
        IdempotencyScope elsewhere = new IdempotencyScope(otherTenant, "user:" + UUID.randomUUID(), "other-tenant");
        byte[] print = {7};
        try (Connection c = TestDatabases.asApp(db)) {
            Claim.Claimed held = (Claim.Claimed) records.claim(c, running, print);
            Claim.Claimed other = (Claim.Claimed) records.claim(c, elsewhere, print);
            TestDatabases.superuser(db, "UPDATE idempotency_keys SET carried_out = true WHERE key = 'patch-during-erasure'");
            // The erasure itself, as the worker and DELETE /end-users run it (of an end user this test never made).
            TenantTransactions.inTenant(c, tenant, tx -> Erasure.erase(tx, UUID.randomUUID()));

            assertFalse(records.complete(c, held, new StoredResponse(200, "application/json", null,
                    "{\"id\":\"erased\"}".getBytes(StandardCharsets.UTF_8), List.of())), "withheld");
            assertThrows(IdempotencyKeyInUse.class, () -> records.claim(c, running, print), "carried out: 409");
            assertTrue(records.complete(c, other, new StoredResponse(201, "application/json", null, new byte[0],
                    List.of())), "another tenant's");
            IdempotencyScope after = new IdempotencyScope(tenant, "user:" + UUID.randomUUID(), "after-the-erasure");
            assertTrue(records.complete(c, (Claim.Claimed) records.claim(c, after, print),
                    new StoredResponse(201, "application/json", null, new byte[0], List.of())), "claimed after it");
        }
        assertNull(TestDatabases.superuser(db, "SELECT body::text FROM idempotency_keys WHERE key = 'patch-during-erasure'"));
    }

    @Test
    void anAnswerHoldingASecretInFullIsNeverKept() throws Exception {
        String key = "hk_live_" + "A".repeat(43);
        String secret = "whsec_" + "b".repeat(43) + "=";
        try (Connection c = TestDatabases.asApp(db)) {
            for (String body : List.of("{\"key\":\"" + key + "\"}", "{\"secret\":\"" + secret + "\"}")) {
                IdempotencyScope scope = new IdempotencyScope(tenant, "user:4", body);
                Claim.Claimed held = (Claim.Claimed) records.claim(c, scope, new byte[] {1});
                assertFalse(records.complete(c, held, new StoredResponse(201, "application/json", null,
                        body.getBytes(StandardCharsets.UTF_8), List.of())), body);
                assertInstanceOf(Claim.Claimed.class, records.claim(c, scope, new byte[] {1}), "released: a retry runs again");
            }
            IdempotencyScope prefixOnly = new IdempotencyScope(tenant, "user:4", "prefix");
            Claim.Claimed held = (Claim.Claimed) records.claim(c, prefixOnly, new byte[] {1});
            assertTrue(records.complete(c, held, new StoredResponse(201, "application/json", null,
                    "{\"prefix\":\"hk_live_AAAAAAAA\",\"key\":null}".getBytes(StandardCharsets.UTF_8), List.of())),
                    "a key's prefix is no secret");
        }
    }
}
