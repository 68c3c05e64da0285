package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The nightly backup (O3) is taken by one instance of a cluster: of many claiming a night at once, one wins. */
class BackupRunsTest {

    private final DatabaseSettings db = migrated();

    /**
     * A nightly run whose instance stopped mid-way stays running for good; past the hours given it is marked failed,
     * once, for one caller, and a fresh one is left alone. Its finish, should it still come, records the outcome.
     */
    @Test
    void aNightlyRunLeftRunningIsMarkedFailedOnceForOneCaller() throws Exception {
        try (Connection app = TestDatabases.asApp(db)) {
            BackupRuns runs = new BackupRuns();
            UUID stale = runs.claimNightly(app, LocalDate.of(2026, 11, 20)).orElseThrow();
            runs.claimNightly(app, LocalDate.of(2026, 11, 21)).orElseThrow();
            try (Statement s = app.createStatement()) {
                s.execute("UPDATE backup_runs SET started_at = now() - interval '13 hours' WHERE id = '" + stale + "'");
            }
            assertEquals(List.of(LocalDate.of(2026, 11, 20)), runs.abandon(app, 12));
            assertEquals(List.of(), runs.abandon(app, 12), "told once");
            try (Statement s = app.createStatement(); ResultSet row = s.executeQuery(
                    "SELECT string_agg(day || ':' || status, ',' ORDER BY day) FROM backup_runs"
                            + " WHERE day IN ('2026-11-20', '2026-11-21')")) {
                row.next();
                assertEquals("2026-11-20:failed,2026-11-21:running", row.getString(1));
            }
        }
    }

    @Test
    void oneInstanceWinsTheNightAndTheRunIsRecorded() throws Exception {
        LocalDate night = LocalDate.of(2026, 12, 2);
        List<Callable<Optional<UUID>>> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(() -> {
                try (Connection app = TestDatabases.asApp(db)) {
                    return new BackupRuns().claimNightly(app, night);
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<UUID> won = new ArrayList<>();
        try {
            // Bounded: a claim still waiting after a minute is cancelled, and its get() fails the test.
            for (Future<Optional<UUID>> claim : pool.invokeAll(instances, 60, TimeUnit.SECONDS)) {
                claim.get().ifPresent(won::add);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, won.size(), "claims won: " + won);
        try (Connection app = TestDatabases.asApp(db)) {
            assertTrue(new BackupRuns().claimNightly(app, night.plusDays(1)).isPresent(), "the next night is free");
            new BackupRuns().failed(app, won.get(0), "disk full");
            UUID manual = new BackupRuns().startManual(app, night);
            try (Statement s = app.createStatement(); ResultSet row = s.executeQuery(
                    "SELECT string_agg(kind || ':' || status, ',' ORDER BY kind, status) FROM backup_runs WHERE day = '2026-12-02'")) {
                row.next();
                assertEquals("manual:running,nightly:failed", row.getString(1), "a manual run is never refused: " + manual);
            }
        }
    }

    private static DatabaseSettings migrated() {
        DatabaseSettings db = TestDatabases.migrated();
        return db;
    }
}
