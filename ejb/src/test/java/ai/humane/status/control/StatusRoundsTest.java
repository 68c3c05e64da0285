package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rounds in PostgreSQL (O2): one instance wins each slot however many ask at once; checks count into the
 * day's uptime; the board shows the latest round, 90 day bars and the incidents; what is past 90 days goes.
 */
class StatusRoundsTest {

    /** The day as {@link StatusRounds} counts it. */
    private static final String UTC_TODAY = "(now() AT TIME ZONE 'UTC')::date";

    private final DatabaseSettings db = StatusDatabase.migrated();
    private final StatusRounds rounds = new StatusRounds();

    @Test
    void ofManyInstancesAskingForASlotAtOnceExactlyOneWins() throws Exception {
        long slot = StatusRounds.slot(Instant.now(), 60);
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> asks = List.of(claim(slot), claim(slot), claim(slot), claim(slot));
            long winners = 0;
            // Bounded: a claim still waiting after a minute is cancelled, and its get() fails the test.
            for (Future<Boolean> won : instances.invokeAll(asks, 60, TimeUnit.SECONDS)) {
                winners += won.get() ? 1 : 0;
            }
            assertEquals(1, winners);
            assertTrue(claim(slot + 1).call(), "the next slot is a new round");
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void theBoardShowsTheLatestRoundItsDaysAndTheIncidents() throws Exception {
        try (Connection c = StatusDatabase.app(db)) {
            long slot = StatusRounds.slot(Instant.now(), 60);
            // Both rounds in one transaction, so in one day of the database's, and the board read on that day: rounds
            // recorded just before midnight (UTC) and a board read just after would show an empty today.
            Instant recorded;
            c.setAutoCommit(false);
            record(c, slot - 1, Check.of(Component.DATABASE, State.OPERATIONAL, 4.2), Check.failed(Component.MAIL, "x"));
            record(c, slot, Check.of(Component.DATABASE, State.DEGRADED, 700), Check.of(Component.MAIL, State.OPERATIONAL, 0));
            try (Statement s = c.createStatement(); ResultSet now = s.executeQuery("SELECT now()")) {
                now.next();
                recorded = now.getTimestamp(1).toInstant();
            }
            c.commit();
            c.setAutoCommit(true);
            UUID incident = new Incidents().open(c, "Slow <b>database</b>", "minor", "We are looking into it");
            new Incidents().update(c, incident, "identified", "A vacuum ran long");

            Board board = new StatusBoard(Clock.fixed(recorded, ZoneOffset.UTC)).read(c);
            assertEquals(State.DEGRADED, board.state());
            assertEquals(List.of(Component.DATABASE, Component.MAIL), board.components().stream().map(Board.Report::component).toList());
            Board.Report database = board.components().get(0);
            assertEquals(700.0, database.figure());
            assertEquals(StatusRounds.KEPT_DAYS, database.days().size());
            Board.Day today = database.days().get(StatusRounds.KEPT_DAYS - 1);
            assertEquals(LocalDate.ofInstant(recorded, ZoneOffset.UTC), today.date());
            assertEquals(State.DEGRADED, today.state());
            assertEquals(100.0, today.uptimePercent());
            assertNull(database.days().get(0).state(), "a day without probes has no state");
            Board.Day mailToday = board.components().get(1).days().get(StatusRounds.KEPT_DAYS - 1);
            assertEquals(State.OUTAGE, mailToday.state());
            assertEquals(50.0, mailToday.uptimePercent());

            Board.Incident shown = board.incidents().get(0);
            assertEquals("Slow <b>database</b>", shown.title());
            assertEquals("identified", shown.status());
            assertEquals(List.of("identified", "investigating"), shown.updates().stream().map(Board.Update::status).toList());
        }
    }

    @Test
    void roundsAndDaysPastNinetyDaysAreForgotten() throws Exception {
        try (Connection c = StatusDatabase.app(db); Statement s = c.createStatement()) {
            long slot = StatusRounds.slot(Instant.now(), 60);
            record(c, slot - 200_000, Check.of(Component.DATABASE, State.OPERATIONAL, 1));
            record(c, slot, Check.of(Component.DATABASE, State.OPERATIONAL, 1));
            try (Connection superuser = TestDatabases.asSuperuser(db);
                 Statement backdate = superuser.createStatement()) {
                backdate.execute("UPDATE status_rounds SET claimed_at = now() - interval '91 days' WHERE slot = "
                        + (slot - 200_000));
            }
            // Days are UTC days, as the rounds count them. current_date is the session's zone's (the JVM's): east of
            // Greenwich, between the zone's midnight and UTC's, a day ahead, and the day inserted was not yet past 90.
            s.execute("INSERT INTO status_days (component, day, checks) VALUES ('database', " + UTC_TODAY + " - 91, 5)");
            assertEquals(1, rounds.prune(c));
            try (ResultSet left = s.executeQuery("SELECT (SELECT count(*) FROM status_checks),"
                    + " (SELECT count(*) FROM status_days WHERE day < " + UTC_TODAY + " - 90)")) {
                left.next();
                assertEquals(1, left.getInt(1), "the old round's checks went with it");
                assertEquals(0, left.getInt(2));
            }
        }
    }

    @Test
    void theRuntimeRoleCannotRewriteAProbedRound() throws Exception {
        try (Connection c = StatusDatabase.app(db); Statement s = c.createStatement()) {
            record(c, 1, Check.of(Component.DATABASE, State.OUTAGE, 1));
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("UPDATE status_checks SET state = 'operational'"));
            assertEquals("42501", refused.getSQLState());
            assertFalse(c.isClosed());
        }
    }

    private Callable<Boolean> claim(long slot) {
        return () -> {
            try (Connection c = StatusDatabase.app(db)) {
                return rounds.claim(c, slot, 60, UUID.randomUUID());
            }
        };
    }

    private void record(Connection c, long slot, Check... checks) throws Exception {
        assertTrue(rounds.claim(c, slot, 60, UUID.randomUUID()));
        rounds.record(c, slot, List.of(checks));
    }
}
