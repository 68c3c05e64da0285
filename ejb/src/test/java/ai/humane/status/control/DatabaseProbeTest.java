package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.testing.RefusingPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database round trip against a PostgreSQL 16 of this test's own, which it pauses (SIGSTOP, as a server
 * stalled by I/O or swapping would be) and stops: an answer is operational, a late answer degraded, none within
 * the timeout or a refused connection an outage. Its own server, so no other test's database is paused.
 */
class DatabaseProbeTest {

    // Wide enough for a busy machine: a fresh connection well under SLOW, and a pause of three SLOWs resumed well
    // before TIMEOUT (with 300 ms and 2 s, the margins were a few hundred milliseconds).
    private static final Duration SLOW = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(6);

    @TempDir
    static Path folder;
    private static EmbeddedDatabase server;
    private static DatabaseSettings db;

    @BeforeAll
    static void start() {
        server = EmbeddedDatabase.start(folder.resolve("paused"), 0);
        db = server.database("probed");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDatabaseThatAnswersIsOperationalWithItsRoundTrip() {
        Check check = probe().run();
        assertEquals(State.OPERATIONAL, check.state(), check.note());
        assertTrue(check.figure() >= 0 && check.figure() < TIMEOUT.toMillis(), "ms: " + check.figure());
    }

    @Test
    void aPausedDatabaseIsAnOutageAndALateOneDegraded() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(folder.resolve("paused/pgdata/postmaster.pid")).get(0).strip());
        signal("STOP", postmaster);
        Check paused;
        try {
            paused = probe().run();
        } finally {
            signal("CONT", postmaster);
        }
        assertEquals(State.OUTAGE, paused.state(), paused.note());
        assertNull(paused.figure());

        signal("STOP", postmaster);
        Thread resume = new Thread(() -> {
            sleep(SLOW.toMillis() * 3);
            signal("CONT", postmaster);
        });
        resume.start();
        Check late = probe().run();
        resume.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(resume.isAlive(), "the database was not resumed within a minute");
        assertEquals(State.DEGRADED, late.state(), late.note());
        assertTrue(late.figure() >= SLOW.toMillis(), "ms: " + late.figure());
        assertEquals(State.OPERATIONAL, probe().run().state(), "answers again once resumed");
    }

    @Test
    void aStoppedDatabaseIsAnOutage() throws Exception {
        Check check;
        try (RefusingPort stopped = new RefusingPort()) {
            DatabaseSettings gone = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + stopped.port() + "/probed",
                    db.ownerUser(), db.ownerPassword(), db.appUser(), db.appPassword());
            check = new DatabaseProbe(DatabaseProbe.direct(gone.url(), gone.appUser(), gone.appPassword(), TIMEOUT),
                    SLOW, TIMEOUT).run();
        }
        assertEquals(State.OUTAGE, check.state());
        assertTrue(check.note().startsWith("no round trip"), check.note());
    }

    private static DatabaseProbe probe() {
        return new DatabaseProbe(DatabaseProbe.direct(db.url(), db.appUser(), db.appPassword(), TIMEOUT), SLOW, TIMEOUT);
    }

    /** SIGSTOP or SIGCONT to the postmaster this test started. */
    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
