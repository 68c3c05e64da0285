package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counters behind the send throttle, on a real PostgreSQL 16 as the runtime role. */
class SendBudgetsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final SendBudgets budgets = new SendBudgets();
    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void theSpendPastTheCeilingIsRefusedWithTheRestOfTheWindowAndAnotherKeyStillSpends() throws SQLException {
        byte[] ada = db.keys.recipient("ada@example.com");
        try (Connection app = db.app()) {
            for (int i = 1; i <= 5; i++) {
                assertTrue(budgets.spend(app, ada, 5, HOUR).allowed(), "spend " + i);
            }
            SendBudgets.Verdict sixth = budgets.spend(app, ada, 5, HOUR);
            assertFalse(sixth.allowed());
            assertTrue(sixth.retryAfterSeconds() > 3500 && sixth.retryAfterSeconds() <= 3600, "" + sixth.retryAfterSeconds());
            assertTrue(budgets.spend(app, db.keys.recipient("bob@example.com"), 5, HOUR).allowed());
            assertFalse(budgets.spend(app, db.keys.recipient(" ADA@example.COM "), 5, HOUR).allowed(), "one inbox, any spelling");
        }
    }

    @Test
    void concurrentSpendsOnEveryConnectionAreCountedExactly() throws Exception {
        byte[] key = db.keys.of("mail-tenant", "t1");
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> allowed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                allowed.add(instances.submit(spendTimes(key, 25)));
            }
            int total = 0;
            for (Future<Integer> count : allowed) {
                total += count.get(60, TimeUnit.SECONDS);
            }
            assertEquals(30, total, "100 spends against a ceiling of 30");
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void aRolledBackSpendCountsNothing() throws SQLException {
        byte[] key = db.keys.recipient("ada@example.com");
        try (Connection app = db.app()) {
            app.setAutoCommit(false);
            budgets.spend(app, key, 1, HOUR);
            app.rollback();
            app.setAutoCommit(true);
            assertTrue(budgets.spend(app, key, 1, HOUR).allowed());
        }
    }

    @Test
    void aNewWindowOpensWhenTheLastOneEndedAndEndedOnesArePurged() throws SQLException {
        byte[] key = db.keys.recipient("ada@example.com");
        try (Connection app = db.app()) {
            budgets.spend(app, key, 1, HOUR);
            assertFalse(budgets.spend(app, key, 1, HOUR).allowed());
            db.update("UPDATE send_budgets SET window_end = now() - interval '1 second'");
            assertTrue(budgets.spend(app, key, 1, HOUR).allowed(), "a fresh window");
            budgets.spend(app, db.keys.recipient("bob@example.com"), 1, HOUR);
            db.update("UPDATE send_budgets SET window_end = now() - interval '1 second'");
            assertEquals(2, budgets.purge(app));
        }
    }

    @Test
    void theRuntimeRoleCannotReadResetOrForgeABudgetDirectly() throws SQLException {
        try (Connection app = db.app()) {
            budgets.spend(app, db.keys.recipient("ada@example.com"), 5, HOUR);
            for (String sql : List.of("SELECT * FROM send_budgets", "DELETE FROM send_budgets",
                    "UPDATE send_budgets SET used = 0", "INSERT INTO send_budgets VALUES (decode(repeat('00', 32), 'hex'), 1, now())")) {
                try (Statement statement = app.createStatement()) {
                    assertEquals("42501", assertThrows(SQLException.class, () -> statement.execute(sql), sql).getSQLState(), sql);
                }
            }
        }
    }

    private Callable<Integer> spendTimes(byte[] key, int times) {
        return () -> {
            int allowed = 0;
            try (Connection app = db.app()) {
                for (int i = 0; i < times; i++) {
                    allowed += budgets.spend(app, key, 30, HOUR).allowed() ? 1 : 0;
                }
            }
            return allowed;
        };
    }
}
