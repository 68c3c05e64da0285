package ai.humane.status.control;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the status page shows (O2): each component's latest check and its 90 days, and the incidents operators
 * opened. Read from PostgreSQL; nothing here names a host, a version or a query.
 */
public record Board(State state, Instant updatedAt, List<Report> components, List<Incident> incidents) {

    /** A component's latest state and figure, its uptime over the days shown and one tally per day. */
    public record Report(Component component, State state, Double figure, Instant checkedAt, double uptimePercent,
                         List<Day> days) {

        /** The same report in an outage with no figure: what an instance says when it cannot reach the database. */
        Report unreachable(Instant now) {
            return new Report(component, State.OUTAGE, null, now, uptimePercent, days);
        }
    }

    /** One UTC day of a component: {@code state} is null when it was not probed that day. */
    public record Day(LocalDate date, State state, Double uptimePercent) {
    }

    public record Incident(UUID id, String title, String impact, String status, Instant openedAt, Instant resolvedAt,
                           List<Update> updates) {
    }

    public record Update(String status, String message, Instant at) {
    }

    /**
     * The board an instance answers while the database does not: the database in an outage, the rest as last
     * read (or nothing, when it was never read).
     */
    public Board withDatabaseDown(Instant now) {
        List<Report> reports = new ArrayList<>();
        boolean listed = false;
        for (Report report : components) {
            boolean database = report.component() == Component.DATABASE;
            listed |= database;
            reports.add(database ? report.unreachable(now) : report);
        }
        if (!listed) {
            reports.add(0, new Report(Component.DATABASE, State.OUTAGE, null, now, 0, List.of()));
        }
        return new Board(State.OUTAGE, now, reports, incidents);
    }

    public static Board empty() {
        return new Board(State.OPERATIONAL, null, List.of(), List.of());
    }
}
