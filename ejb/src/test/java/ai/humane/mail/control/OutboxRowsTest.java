package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Claims and leases of the outbox: what keeps two instances from sending one mail twice. */
class OutboxRowsTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final OutboxRows rows = new OutboxRows();
    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void twoDispatchersClaimingAtOnceGetDisjointRowsWithoutWaiting() throws Exception {
        Set<UUID> queued = queue(10);
        try (Connection first = db.app(); Connection second = db.app()) {
            first.setAutoCommit(false);
            List<ClaimedMail> firstClaim = rows.claim(first, 4, LEASE, false);
            // Still uncommitted: its rows are locked. Waiting for them would hit this timeout and fail.
            try (Statement settings = second.createStatement()) {
                settings.execute("SET statement_timeout = '3s'");
            }
            List<ClaimedMail> secondClaim = rows.claim(second, 10, LEASE, false);
            first.commit();

            assertEquals(4, firstClaim.size());
            assertEquals(6, secondClaim.size());
            Set<UUID> all = new HashSet<>(ids(firstClaim));
            all.addAll(ids(secondClaim));
            assertEquals(queued, all);
        }
    }

    @Test
    void aClaimedRowIsNotHandedOutAgainWhileItsLeaseHolds() throws SQLException {
        queue(3);
        try (Connection app = db.app()) {
            assertEquals(3, rows.claim(app, 10, LEASE, false).size());
            assertEquals(List.of(), rows.claim(app, 10, LEASE, false));
        }
    }

    @Test
    void manyDispatchersRacingNeverClaimOneRowTwice() throws Exception {
        Set<UUID> queued = queue(120);
        ExecutorService dispatchers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<UUID>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(dispatchers.submit(claimUntilEmpty()));
            }
            List<UUID> claimed = new ArrayList<>();
            for (Future<List<UUID>> result : results) {
                claimed.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertEquals(queued.size(), claimed.size(), "every row exactly once");
            assertEquals(queued, new HashSet<>(claimed));
        } finally {
            dispatchers.shutdownNow();
        }
    }

    @Test
    void aRowWhoseLeaseRanOutIsClaimedAgainAndOnlyTheNewClaimCanSettleIt() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            ClaimedMail crashed = rows.claim(app, 10, LEASE, false).get(0);
            db.makeDue(id);
            List<ClaimedMail> again = rows.claim(app, 10, LEASE, false);

            assertEquals(List.of(id), ids(again));
            assertNotEquals(crashed.claim(), again.get(0).claim());
            assertFalse(rows.settle(app, crashed, "sent"), "the crashed sender's claim is gone");
            assertEquals("sending", db.row(id).status());
            assertTrue(rows.settle(app, again.get(0), "sent"));
            assertEquals("sent", db.row(id).status());
        }
    }

    @Test
    void aSentRowIsNeverClaimedAgain() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            rows.settle(app, rows.claim(app, 10, LEASE, false).get(0), "sent");
            db.makeDue(id);
            assertEquals(List.of(), rows.claim(app, 10, LEASE, false));
            assertTrue(db.row(id).sent());
        }
    }

    @Test
    void aFailedAttemptIsCountedAndTheRowWaitsBeforeItIsDueAgain() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            assertTrue(rows.retryLater(app, rows.claim(app, 10, LEASE, false).get(0), Duration.ofSeconds(30), false, "refused"));
            OutboxDatabase.OutboxRow row = db.row(id);
            assertEquals("pending", row.status());
            assertEquals(1, row.attempts());
            assertEquals("refused", row.lastError());
            assertTrue(row.dueInSeconds() > 25, "waits about 30 s: " + row.dueInSeconds());
            assertEquals(List.of(), rows.claim(app, 10, LEASE, false));

            db.makeDue(id);
            assertEquals(1, rows.claim(app, 10, LEASE, false).get(0).attempts());
        }
    }

    @Test
    void aRowGivenUpIsFailedAndNeverClaimedAgain() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            rows.retryLater(app, rows.claim(app, 10, LEASE, false).get(0), Duration.ofSeconds(1), true, "refused");
            db.makeDue(id);
            assertEquals("failed", db.row(id).status());
            assertEquals(List.of(), rows.claim(app, 10, LEASE, false));
        }
    }

    @Test
    void aReleasedRowIsDueAgainWithoutCountingAnAttempt() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            assertTrue(rows.release(app, rows.claim(app, 10, LEASE, false).get(0)));
            assertEquals(0, db.row(id).attempts());
            assertEquals(List.of(id), ids(rows.claim(app, 10, LEASE, false)));
        }
    }

    @Test
    void theRuntimeRoleWithNoTenantCanNeitherReadNorChangeNorDeleteNorWriteTheOutboxDirectly() throws SQLException {
        UUID id = db.queue("ada@example.com", "Reset your password", "https://humane.test/reset?token=live-token");
        for (String sql : List.of("SELECT * FROM mail_outbox", "SELECT count(*) FROM mail_outbox",
                "UPDATE mail_outbox SET recipient_domain = 'evil.example' WHERE id = '" + id + "'",
                "UPDATE mail_outbox SET status = 'pending'", "DELETE FROM mail_outbox",
                "INSERT INTO mail_outbox (id, kind, recipient_domain, recipient_key, sealed) VALUES (gen_random_uuid(), "
                        + "'invitation', 'x.example', decode(repeat('00', 32), 'hex'), 'x')")) {
            try (Connection app = db.app(); Statement statement = app.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
        }
        assertEquals(1, db.count());
        assertEquals("example.com", db.row(id).recipientDomain(), "nothing was changed");
    }

    @Test
    void aQueuedRowHoldsNeitherTheLinkNorTheAddressNorTheSubjectInClear() throws SQLException {
        UUID id = db.queue("ada.lovelace@example.com", "Reset your Humane password",
                "Choose a new password:\nhttps://humane.test/reset-password?token=Zm9vYmFyLWxpdmUtdG9rZW4");
        String stored = db.raw(id);
        for (String secret : List.of("Zm9vYmFyLWxpdmUtdG9rZW4", "reset-password", "ada.lovelace", "Reset your")) {
            assertFalse(stored.contains(secret), "in clear: " + secret + " in " + stored);
        }
        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("password_reset", row.kind());
        assertEquals("example.com", row.recipientDomain());
        assertArrayEquals(db.keys.recipient("Ada.Lovelace@Example.com"), row.recipientKey(), "an HMAC of the case-folded address");
        assertEquals("ada.lovelace@example.com", db.opened(id).recipient(), "the key ring opens it");
    }

    @Test
    void aSentRowIsRedactedToWhatTheOperatorNeeds() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "https://humane.test/verify?token=live-token");
        try (Connection app = db.app()) {
            assertTrue(rows.settle(app, rows.claim(app, 10, LEASE, false).get(0), "sent"));
        }
        OutboxDatabase.OutboxRow row = db.row(id);
        assertEquals("sent", row.status());
        assertNull(row.sealed(), "redacted");
        assertEquals("example.com", row.recipientDomain());
        assertEquals("password_reset", row.kind());
        assertTrue(row.sent());
    }

    @Test
    void aRowGivenUpIsRedactedTooAndAWaitingOneKeepsItsMail() throws SQLException {
        UUID givenUp = db.queue("ada@example.com", "Hi", "body");
        UUID waiting = db.queue("bob@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            for (ClaimedMail mail : rows.claim(app, 10, LEASE, false)) {
                rows.retryLater(app, mail, Duration.ofSeconds(30), mail.id().equals(givenUp), "refused");
            }
        }
        assertNull(db.row(givenUp).sealed());
        assertEquals("bob@example.com", db.opened(waiting).recipient());
    }

    @Test
    void theSchemaRefusesASettledRowThatStillHoldsItsMail() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        SQLException refused = assertThrows(SQLException.class,
                () -> db.update("UPDATE mail_outbox SET status = 'sent', sent_at = now() WHERE id = ?", id));
        assertEquals("23514", refused.getSQLState(), refused.getMessage());
    }

    @Test
    void theFunctionsRefuseAHugeBatchALongLeaseAndForgettingRecentMail() throws SQLException {
        for (String call : List.of("SELECT * FROM mail_claim(gen_random_uuid(), 120, 1000)",
                "SELECT * FROM mail_claim(gen_random_uuid(), 86400, 10)", "SELECT mail_forget(1)",
                "SELECT mail_retry(gen_random_uuid(), gen_random_uuid(), 1e9, false, 'x')",
                "SELECT mail_settle(gen_random_uuid(), gen_random_uuid(), 'pending')")) {
            try (Connection app = db.app(); Statement statement = app.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(call), call);
                assertEquals("22023", refused.getSQLState(), call + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void settledMailIsForgottenAfterItsRetentionAndWaitingMailNever() throws SQLException {
        UUID old = db.queue("ada@example.com", "Hi", "body");
        UUID waiting = db.queue("bob@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            rows.settle(app, rows.claim(app, 10, LEASE, false).stream().filter(m -> m.id().equals(old)).findFirst().orElseThrow(), "sent");
            db.update("UPDATE mail_outbox SET created_at = now() - interval '91 days'");
            assertEquals(1, rows.forget(app, 90));
        }
        assertEquals(1, db.count());
        assertEquals("bob@example.com", db.opened(waiting).recipient());
    }

    private Callable<List<UUID>> claimUntilEmpty() {
        return () -> {
            List<UUID> mine = new ArrayList<>();
            try (Connection app = db.app()) {
                // Bounded: were rows handed out twice, the loop would never see an empty outbox.
                for (int round = 0; round < 100; round++) {
                    List<ClaimedMail> batch = rows.claim(app, 3, LEASE, false);
                    if (batch.isEmpty()) {
                        break;
                    }
                    mine.addAll(ids(batch));
                }
            }
            return mine;
        };
    }

    private Set<UUID> queue(int count) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(db.queue("user" + i + "@example.com", "Mail " + i, "body " + i));
        }
        return ids;
    }

    private static List<UUID> ids(List<ClaimedMail> claimed) {
        return claimed.stream().map(ClaimedMail::id).toList();
    }
}
