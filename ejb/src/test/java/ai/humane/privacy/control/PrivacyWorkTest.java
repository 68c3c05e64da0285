package ai.humane.privacy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.MailSeal;
import ai.humane.mail.control.SendKeys;
import ai.humane.tenancy.control.TenantTransactions;
import ai.humane.testing.TestDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The privacy worker on a real PostgreSQL 16 (L3): a tenant's jobs run one after another, so an erasure never runs
 * beside an export that could still read the end user into an archive the erasure cannot see to withdraw.
 */
class PrivacyWorkTest {

    private static DatabaseSettings db;
    private final PrivacyWork work = new PrivacyWork(
            () -> new ArchiveCipher(new KeyRing(KeyRing.generateKey()).derive(ArchiveCipher.purpose())),
            new MailQueue(new MailSeal(new KeyRing(KeyRing.generateKey())), new SendKeys(new HmacKeys(HmacKeys.generateKey()))),
            Duration.ofHours(24));

    @BeforeAll
    static void migrate() {
        db = TestDatabases.migrated();
    }

    /**
     * Another job of the tenant (an export writing its archive, here a transaction that holds the tenant's turn) runs
     * while an erasure is started: the erasure waits for it, seen waiting by PostgreSQL, and runs once it commits.
     * Without the turn the erasure ran at once (broken once).
     */
    @Test
    void anErasureWaitsForTheTenantsRunningJob() throws Exception {
        UUID tenant;
        try (Connection app = TestDatabases.asApp(db)) {
            tenant = new TenantProvisioning().provision(app, "Privacy " + UUID.randomUUID(),
                    "owner-" + UUID.randomUUID() + "@example.test", "Owner").tenantId();
        }
        UUID endUser = UUID.randomUUID();
        superuser("INSERT INTO end_users (id, tenant_id, external_id) VALUES (?, ?, ?)", endUser, tenant,
                "customer-" + endUser);
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        CountDownLatch turnTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try (Connection app = TestDatabases.asApp(db)) {
                TenantTransactions.inTenant(app, tenant, tx -> {
                    try (PreparedStatement turn = tx.prepareStatement(PrivacyWork.ONE_AT_A_TIME)) {
                        turn.execute();
                    }
                    turnTaken.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(turnTaken.await(10, TimeUnit.SECONDS));

        CompletableFuture<Boolean> erasure;
        try (Connection app = TestDatabases.asApp(db)) {
            ClaimedJob job = TenantTransactions.inTenant(app, tenant, tx -> {
                PrivacyJobs.insertErasure(tx, endUser, digest, "system");
                return PrivacyJobs.claim(tx).orElseThrow();
            });
            erasure = CompletableFuture.supplyAsync(() -> {
                try (Connection worker = TestDatabases.asApp(db)) {
                    return work.run(worker, job);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            boolean waited = false;
            for (Instant until = Instant.now().plusSeconds(10); !waited && !erasure.isDone() && Instant.now().isBefore(until); ) {
                waited = "1".equals(superuser("SELECT count(*)::text FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND wait_event = 'advisory' AND datname = current_database()"));
                Thread.sleep(20);
            }
            assertTrue(waited, "the erasure waits for the tenant's running job (done at once: " + erasure.isDone() + ")");
            assertEquals(endUser.toString(), superuser("SELECT id::text FROM end_users WHERE id = ?", endUser),
                    "nothing erased while the other job runs");
        } finally {
            release.countDown();
        }
        running.get(30, TimeUnit.SECONDS);
        assertTrue(erasure.get(30, TimeUnit.SECONDS), "the erasure runs once the other job commits");
        assertEquals("0", superuser("SELECT count(*)::text FROM end_users WHERE id = ?", endUser));
    }

    /**
     * An account purge tells the dispatcher's lanes of each webhook endpoint it deleted, once it committed, so that
     * none of their claimed deliveries is sent (W3). Broken once: nothing was told, and the lanes kept sending to the
     * purged account's receivers for up to a minute.
     */
    @Test
    void anAccountPurgeTellsOfTheWebhookEndpointsItDeleted() throws Exception {
        TenantProvisioning.Provisioned tenant;
        try (Connection app = TestDatabases.asApp(db)) {
            tenant = new TenantProvisioning().provision(app, "Purged " + UUID.randomUUID(),
                    "owner-" + UUID.randomUUID() + "@example.test", "Owner");
        }
        UUID endpoint = UUID.randomUUID();
        superuser("INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret) "
                + "VALUES (?, ?, 'https://hooks.example.test', '[\"*\"]', 'sealed')", endpoint, tenant.tenantId());
        superuser("INSERT INTO account_deletions (tenant_id, requested_by, purge_after) "
                + "VALUES (?, ?, now() - interval '1 second')", tenant.tenantId(), tenant.ownerId());
        List<UUID> told = new ArrayList<>();
        PrivacyWork purging = new PrivacyWork(() -> {
            throw new AssertionError("no archive is written");
        }, new MailQueue(new MailSeal(new KeyRing(KeyRing.generateKey())), new SendKeys(new HmacKeys(HmacKeys.generateKey()))),
                Duration.ofHours(24), told::add);

        try (Connection app = TestDatabases.asApp(db)) {
            purging.claim(app, 0);
        }

        assertEquals("0", superuser("SELECT count(*)::text FROM webhook_endpoints WHERE id = ?", endpoint));
        assertEquals(List.of(endpoint), told);
    }

    private static String superuser(String sql, Object... parameters) throws SQLException {
        return TestDatabases.superuser(db, sql, parameters);
    }
}
