package ai.humane.status.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Schema parity (O1) while running: the version the database is at against the newest this release ships.
 * Behind is an outage (code and schema disagree); ahead (a newer release migrated it) is degraded. Versions
 * go to the operators' mail only: the public page says parity or not.
 */
public final class SchemaProbe implements Probe {

    private final ConnectionSource source;
    private final Supplier<String> newest;

    public SchemaProbe(ConnectionSource source, Supplier<String> newest) {
        this.source = source;
        this.newest = newest;
    }

    @Override
    public Check run() {
        String expected = newest.get();
        try (Connection c = source.open()) {
            String current = SchemaMigrations.currentVersion(c);
            if (expected == null || current.equals(expected)) {
                return new Check(Component.SCHEMA, State.OPERATIONAL, null, "at " + current);
            }
            boolean ahead = Versions.compare(current, expected) > 0;
            return new Check(Component.SCHEMA, ahead ? State.DEGRADED : State.OUTAGE, null,
                    "database at " + current + ", this release needs " + expected);
        } catch (SQLException | RuntimeException e) {
            return Check.failed(Component.SCHEMA, "schema history unreadable: " + e.getMessage());
        }
    }
}
