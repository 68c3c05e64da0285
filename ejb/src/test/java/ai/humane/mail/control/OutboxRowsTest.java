package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
            List<ClaimedMail> firstClaim = rows.claim(first, 4, LEASE);
            // Still uncommitted: its rows are locked. Waiting for them would hit this timeout and fail.
            try (Statement settings = second.createStatement()) {
                settings.execute("SET statement_timeout = '3s'");
            }
            List<ClaimedMail> secondClaim = rows.claim(second, 10, LEASE);
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
            assertEquals(3, rows.claim(app, 10, LEASE).size());
            assertEquals(List.of(), rows.claim(app, 10, LEASE));
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
            ClaimedMail crashed = rows.claim(app, 10, LEASE).get(0);
            db.makeDue(id);
            List<ClaimedMail> again = rows.claim(app, 10, LEASE);

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
            rows.settle(app, rows.claim(app, 10, LEASE).get(0), "sent");
            db.makeDue(id);
            assertEquals(List.of(), rows.claim(app, 10, LEASE));
            assertTrue(db.row(id).sent());
        }
    }

    @Test
    void aFailedAttemptIsCountedAndTheRowWaitsBeforeItIsDueAgain() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            assertTrue(rows.retryLater(app, rows.claim(app, 10, LEASE).get(0), Duration.ofSeconds(30), false, "refused"));
            OutboxDatabase.OutboxRow row = db.row(id);
            assertEquals("pending", row.status());
            assertEquals(1, row.attempts());
            assertEquals("refused", row.lastError());
            assertTrue(row.dueInSeconds() > 25, "waits about 30 s: " + row.dueInSeconds());
            assertEquals(List.of(), rows.claim(app, 10, LEASE));

            db.makeDue(id);
            assertEquals(1, rows.claim(app, 10, LEASE).get(0).attempts());
        }
    }

    @Test
    void aRowGivenUpIsFailedAndNeverClaimedAgain() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            rows.retryLater(app, rows.claim(app, 10, LEASE).get(0), Duration.ofSeconds(1), true, "refused");
            db.makeDue(id);
            assertEquals("failed", db.row(id).status());
            assertEquals(List.of(), rows.claim(app, 10, LEASE));
        }
    }

    @Test
    void aReleasedRowIsDueAgainWithoutCountingAnAttempt() throws SQLException {
        UUID id = db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app()) {
            assertTrue(rows.release(app, rows.claim(app, 10, LEASE).get(0)));
            assertEquals(0, db.row(id).attempts());
            assertEquals(List.of(id), ids(rows.claim(app, 10, LEASE)));
        }
    }

    @Test
    void theRuntimeRoleCannotDeleteTheRecordOfWhatWasSent() throws SQLException {
        db.queue("ada@example.com", "Hi", "body");
        try (Connection app = db.app(); Statement delete = app.createStatement()) {
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> delete.executeUpdate("DELETE FROM mail_outbox"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
        }
    }

    private Callable<List<UUID>> claimUntilEmpty() {
        return () -> {
            List<UUID> mine = new ArrayList<>();
            try (Connection app = db.app()) {
                // Bounded: were rows handed out twice, the loop would never see an empty outbox.
                for (int round = 0; round < 100; round++) {
                    List<ClaimedMail> batch = rows.claim(app, 3, LEASE);
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
