package ai.humane.status.control;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Tells the operators (O2) when a component has been in an outage for {@code afterProbes} rounds in a row, and
 * again when it recovers: one mail per spell, not one per probe. A certificate with under 14 days left is
 * mailed once a day until it is renewed, and its renewal once. Runs in the round's transaction, by the one
 * instance that probed it; the component's row is locked, so overlapping rounds cannot both send.
 */
public final class StatusAlerts {

    /** Queues one mail to every operator on the round's connection (the mail outbox, K3). */
    @FunctionalInterface
    public interface Mailer {
        void send(Connection db, String subject, String body) throws SQLException;
    }

    private final int afterProbes;
    private final Mailer mailer;
    private final Clock clock;

    public StatusAlerts(int afterProbes, Mailer mailer, Clock clock) {
        if (afterProbes < 1) {
            throw new IllegalArgumentException("status.alert.after-probes must be at least 1");
        }
        this.afterProbes = afterProbes;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Decides and queues the alerts of a round whose checks are already recorded; the caller commits. */
    public void after(Connection db, List<Check> checks) throws SQLException {
        for (Check check : checks) {
            String component = check.component().slug();
            try (PreparedStatement ensure = db.prepareStatement(
                    "INSERT INTO status_alerts (component) VALUES (?) ON CONFLICT DO NOTHING")) {
                ensure.setString(1, component);
                ensure.executeUpdate();
            }
            try (PreparedStatement lock = db.prepareStatement("SELECT down_alerted_at, certificate_alerted_on"
                    + " FROM status_alerts WHERE component = ? FOR UPDATE")) {
                lock.setString(1, component);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    spell(db, check, row.getTimestamp(1));
                    if (check.component() == Component.CERTIFICATE && check.figure() != null) {
                        certificate(db, check, row.getDate(2));
                    }
                }
            }
        }
    }

    private void spell(Connection db, Check check, Timestamp alerted) throws SQLException {
        String label = check.component().label();
        if (check.state() == State.OUTAGE && alerted == null && outagesInARow(db, check.component()) >= afterProbes) {
            mailer.send(db, "[Humane status] " + label + ": outage",
                    label + " has failed " + afterProbes + " probes in a row.\n\nLast probe: " + check.note()
                            + "\n\nYou will get one more mail when it recovers. Open an incident on /status with"
                            + " ./humane incident open (docs/runbook.md).");
            set(db, "down_alerted_at = now()", check.component());
        } else if (check.state() != State.OUTAGE && alerted != null) {
            mailer.send(db, "[Humane status] " + label + ": recovered",
                    label + " is " + check.state().slug() + " again, after an outage since " + alerted.toInstant()
                            + ".\n\nLast probe: " + check.note());
            set(db, "down_alerted_at = NULL", check.component());
        }
    }

    private void certificate(Connection db, Check check, Date alertedOn) throws SQLException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        double days = check.figure();
        if (days < CertificateProbe.WARNING_DAYS && (alertedOn == null || alertedOn.toLocalDate().isBefore(today))) {
            mailer.send(db, "[Humane status] TLS certificate expires in " + (long) Math.floor(days) + " days",
                    "The certificate of the public host " + check.note() + " (" + days + " days left).\n\n"
                            + "Automatic renewal has not happened: check the edge's (Caddy's) log and its ACME account."
                            + " This mail comes again every day until the certificate is renewed.");
            set(db, "certificate_alerted_on = (now() AT TIME ZONE 'UTC')::date", check.component());
        } else if (days >= CertificateProbe.WARNING_DAYS && alertedOn != null) {
            mailer.send(db, "[Humane status] TLS certificate renewed",
                    "The certificate of the public host now " + check.note() + " (" + days + " days left).");
            set(db, "certificate_alerted_on = NULL", check.component());
        }
    }

    private int outagesInARow(Connection db, Component component) throws SQLException {
        try (PreparedStatement recent = db.prepareStatement(
                "SELECT state FROM status_checks WHERE component = ? ORDER BY slot DESC LIMIT ?")) {
            recent.setString(1, component.slug());
            recent.setInt(2, afterProbes);
            int row = 0;
            try (ResultSet states = recent.executeQuery()) {
                while (states.next() && State.OUTAGE.slug().equals(states.getString(1))) {
                    row++;
                }
            }
            return row;
        }
    }

    private static void set(Connection db, String assignment, Component component) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE status_alerts SET " + assignment + " WHERE component = ?")) {
            update.setString(1, component.slug());
            update.executeUpdate();
        }
    }
}
