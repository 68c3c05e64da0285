package ai.humane.status.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hours since the last backup that succeeded (O3). Backups run nightly, so past 26 hours one was missed
 * (degraded) and past 50 hours two were (outage); none at all is an outage.
 */
public final class BackupAgeProbe implements Probe {

    static final double DEGRADED_HOURS = 26;
    static final double OUTAGE_HOURS = 50;

    private final ConnectionSource source;

    public BackupAgeProbe(ConnectionSource source) {
        this.source = source;
    }

    @Override
    public Check run() {
        try (Connection c = source.open(); Statement s = c.createStatement();
             ResultSet age = s.executeQuery("SELECT extract(epoch FROM now() - max(finished_at)) / 3600"
                     + " FROM backup_runs WHERE status = 'succeeded'")) {
            age.next();
            double hours = age.getDouble(1);
            if (age.wasNull()) {
                return Check.failed(Component.BACKUPS, "no backup has succeeded yet");
            }
            return Check.graded(Component.BACKUPS, Math.floor(hours * 10) / 10, DEGRADED_HOURS, OUTAGE_HOURS);
        } catch (SQLException | RuntimeException e) {
            return Check.failed(Component.BACKUPS, "backup record unreadable: " + e.getMessage());
        }
    }
}
