package ai.humane.status.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the status page's board from the latest round, the daily tallies and the incidents (O2). */
public final class StatusBoard {

    /** Resolved incidents stay on the page this long, so visitors see what happened. */
    static final int RESOLVED_SHOWN_DAYS = 14;

    private final Clock clock;

    public StatusBoard(Clock clock) {
        this.clock = clock;
    }

    public Board read(Connection db) throws SQLException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<Component, List<Board.Day>> days = days(db, today);
        List<Board.Report> reports = new ArrayList<>();
        State overall = State.OPERATIONAL;
        Instant updated = null;
        try (PreparedStatement latest = db.prepareStatement("SELECT component, state, figure, checked_at FROM status_checks"
                + " WHERE slot = (SELECT max(slot) FROM status_checks) ORDER BY component");
             ResultSet row = latest.executeQuery()) {
            while (row.next()) {
                Component component = Component.of(row.getString(1));
                State state = State.of(row.getString(2));
                double figure = row.getDouble(3);
                Double value = row.wasNull() ? null : figure;
                Instant at = row.getTimestamp(4).toInstant();
                List<Board.Day> history = days.getOrDefault(component, List.of());
                reports.add(new Board.Report(component, state, value, at, uptime(history), history));
                overall = overall.worse(state);
                updated = updated == null || at.isAfter(updated) ? at : updated;
            }
        }
        reports.sort((a, b) -> a.component().compareTo(b.component()));
        return new Board(overall, updated, reports, incidents(db));
    }

    private static Map<Component, List<Board.Day>> days(Connection db, LocalDate today) throws SQLException {
        Map<Component, Map<LocalDate, Board.Day>> found = new EnumMap<>(Component.class);
        try (PreparedStatement query = db.prepareStatement("SELECT component, day, checks, degraded, outages"
                + " FROM status_days WHERE day > ?::date - ?")) {
            query.setObject(1, today);
            query.setInt(2, StatusRounds.KEPT_DAYS);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    int checks = row.getInt(3);
                    int outages = row.getInt(5);
                    State state = outages > 0 ? State.OUTAGE : row.getInt(4) > 0 ? State.DEGRADED : State.OPERATIONAL;
                    double up = checks == 0 ? 100 : Math.floor(10000.0 * (checks - outages) / checks) / 100;
                    LocalDate day = row.getDate(2).toLocalDate();
                    found.computeIfAbsent(Component.of(row.getString(1)), c -> new HashMap<>())
                            .put(day, new Board.Day(day, state, up));
                }
            }
        }
        Map<Component, List<Board.Day>> bars = new EnumMap<>(Component.class);
        found.forEach((component, byDay) -> {
            List<Board.Day> list = new ArrayList<>();
            for (int back = StatusRounds.KEPT_DAYS - 1; back >= 0; back--) {
                LocalDate day = today.minusDays(back);
                list.add(byDay.getOrDefault(day, new Board.Day(day, null, null)));
            }
            bars.put(component, list);
        });
        return bars;
    }

    /** The share of probed days' uptime, weighted alike: each day counts once. */
    private static double uptime(List<Board.Day> days) {
        double sum = 0;
        int probed = 0;
        for (Board.Day day : days) {
            if (day.uptimePercent() != null) {
                sum += day.uptimePercent();
                probed++;
            }
        }
        return probed == 0 ? 100 : Math.floor(100.0 * sum / probed) / 100;
    }

    private List<Board.Incident> incidents(Connection db) throws SQLException {
        Map<UUID, List<Board.Update>> updates = new HashMap<>();
        List<Board.Incident> incidents = new ArrayList<>();
        String shown = "(i.resolved_at IS NULL OR i.resolved_at > now() - make_interval(days => " + RESOLVED_SHOWN_DAYS + "))";
        try (PreparedStatement notes = db.prepareStatement("SELECT u.incident_id, u.status, u.message, u.created_at"
                + " FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE " + shown
                + " ORDER BY u.created_at DESC, u.id");
             ResultSet row = notes.executeQuery()) {
            while (row.next()) {
                updates.computeIfAbsent(row.getObject(1, UUID.class), id -> new ArrayList<>())
                        .add(new Board.Update(row.getString(2), row.getString(3), row.getTimestamp(4).toInstant()));
            }
        }
        try (PreparedStatement open = db.prepareStatement("SELECT id, title, impact, status, opened_at, resolved_at"
                + " FROM incidents i WHERE " + shown + " ORDER BY (resolved_at IS NULL) DESC, opened_at DESC LIMIT 20");
             ResultSet row = open.executeQuery()) {
            while (row.next()) {
                UUID id = row.getObject(1, UUID.class);
                Timestamp resolved = row.getTimestamp(6);
                incidents.add(new Board.Incident(id, row.getString(2), row.getString(3), row.getString(4),
                        row.getTimestamp(5).toInstant(), resolved == null ? null : resolved.toInstant(),
                        updates.getOrDefault(id, List.of())));
            }
        }
        return incidents;
    }
}
