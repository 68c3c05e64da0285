package ai.humane.backup.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The record of backups in {@code backup_runs} (V16): the nightly run of a day is claimed by one instance of
 * the cluster (a unique index), and every run ends succeeded or failed; the status page's backup age reads it.
 */
public final class BackupRuns {

    /** The nightly run of {@code day}, if no other instance claimed it first. */
    public Optional<UUID> claimNightly(Connection db, LocalDate day) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement claim = db.prepareStatement("INSERT INTO backup_runs (id, kind, day) VALUES (?, 'nightly', ?)"
                + " ON CONFLICT (day) WHERE kind = 'nightly' DO NOTHING")) {
            claim.setObject(1, id);
            claim.setObject(2, day);
            return claim.executeUpdate() == 1 ? Optional.of(id) : Optional.empty();
        }
    }

    public UUID startManual(Connection db, LocalDate day) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement start = db.prepareStatement(
                "INSERT INTO backup_runs (id, kind, day) VALUES (?, 'manual', ?)")) {
            start.setObject(1, id);
            start.setObject(2, day);
            start.executeUpdate();
        }
        return id;
    }

    public void succeeded(Connection db, UUID id, Backups.Result result) throws SQLException {
        try (PreparedStatement done = db.prepareStatement("UPDATE backup_runs SET status = 'succeeded',"
                + " finished_at = now(), name = ?, bytes = ?, encrypted = ? WHERE id = ?")) {
            done.setString(1, result.name());
            done.setLong(2, result.bytes());
            done.setBoolean(3, result.encrypted());
            done.setObject(4, id);
            done.executeUpdate();
        }
    }

    /**
     * Marks failed every nightly run still running {@code hours} after it began (the instance taking it stopped: a
     * deploy, a crash), so that the status page and the operators hear of it; answers the days, each to exactly one
     * caller (the update's row lock), so a cluster tells once. A run that does finish later still records its outcome.
     */
    public List<LocalDate> abandon(Connection db, int hours) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement stale = db.prepareStatement("UPDATE backup_runs SET status = 'failed', finished_at = now(),"
                + " error = ? WHERE kind = 'nightly' AND status = 'running' AND started_at < now() - make_interval(hours => ?)"
                + " RETURNING day")) {
            stale.setString(1, abandoned(hours));
            stale.setInt(2, hours);
            try (ResultSet rows = stale.executeQuery()) {
                while (rows.next()) {
                    days.add(rows.getObject(1, LocalDate.class));
                }
            }
        }
        return days;
    }

    /** What an abandoned run's row, and its mail, say happened. */
    public static String abandoned(int hours) {
        return "still running " + hours + " hours after it began: the instance taking it stopped";
    }

    public void failed(Connection db, UUID id, String error) throws SQLException {
        try (PreparedStatement done = db.prepareStatement(
                "UPDATE backup_runs SET status = 'failed', finished_at = now(), error = left(?, 500) WHERE id = ?")) {
            done.setString(1, error);
            done.setObject(2, id);
            done.executeUpdate();
        }
    }
}
