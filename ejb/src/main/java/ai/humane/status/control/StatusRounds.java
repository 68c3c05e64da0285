package ai.humane.status.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The probe rounds in PostgreSQL (O2). Every instance's timer asks for the round of the current slot (the
 * epoch divided by the interval); the first INSERT wins and only its instance probes, so a cluster probes once
 * per interval however many instances it has. Results and the daily uptime tallies are written in one
 * transaction; rounds, their checks and the tallies are kept 90 days.
 */
public final class StatusRounds {

    public static final int KEPT_DAYS = 90;

    /** The slot an instant falls in. */
    public static long slot(Instant now, int intervalSeconds) {
        return Math.floorDiv(now.getEpochSecond(), intervalSeconds);
    }

    /** Whether this instance won the round of {@code slot}. */
    public boolean claim(Connection db, long slot, int intervalSeconds, UUID instance) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO status_rounds (slot, interval_s, claimed_by)"
                + " VALUES (?, ?, ?) ON CONFLICT (slot) DO NOTHING")) {
            insert.setLong(1, slot);
            insert.setInt(2, intervalSeconds);
            insert.setObject(3, instance);
            return insert.executeUpdate() == 1;
        }
    }

    /** Stores a round's checks and counts them in today's uptime; the caller commits. */
    public void record(Connection db, long slot, List<Check> checks) throws SQLException {
        try (PreparedStatement check = db.prepareStatement(
                "INSERT INTO status_checks (slot, component, state, figure) VALUES (?, ?, ?, ?)");
             PreparedStatement day = db.prepareStatement("INSERT INTO status_days AS d (component, day, checks, degraded, outages)"
                     + " VALUES (?, (now() AT TIME ZONE 'UTC')::date, 1, ?, ?) ON CONFLICT (component, day) DO UPDATE"
                     + " SET checks = d.checks + 1, degraded = d.degraded + EXCLUDED.degraded, outages = d.outages + EXCLUDED.outages")) {
            for (Check c : checks) {
                check.setLong(1, slot);
                check.setString(2, c.component().slug());
                check.setString(3, c.state().slug());
                if (c.figure() == null) {
                    check.setNull(4, Types.DOUBLE);
                } else {
                    check.setDouble(4, c.figure());
                }
                check.addBatch();
                day.setString(1, c.component().slug());
                day.setInt(2, c.state() == State.DEGRADED ? 1 : 0);
                day.setInt(3, c.state() == State.OUTAGE ? 1 : 0);
                day.addBatch();
            }
            check.executeBatch();
            day.executeBatch();
        }
    }

    /** Forgets rounds (with their checks) and daily tallies older than 90 days; answers the rounds removed. */
    public int prune(Connection db) throws SQLException {
        try (PreparedStatement rounds = db.prepareStatement(
                "DELETE FROM status_rounds WHERE claimed_at < now() - make_interval(days => ?)");
             PreparedStatement days = db.prepareStatement(
                     "DELETE FROM status_days WHERE day < (now() AT TIME ZONE 'UTC')::date - ?")) {
            rounds.setInt(1, KEPT_DAYS);
            days.setInt(1, KEPT_DAYS);
            days.executeUpdate();
            return rounds.executeUpdate();
        }
    }
}
