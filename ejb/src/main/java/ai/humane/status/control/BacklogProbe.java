package ai.humane.status.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How long the oldest due item of a queue has waited, in seconds: webhook deliveries or e-mail. Each queue is
 * read through a SECURITY DEFINER function (V16) that answers this one number and nothing of any row.
 */
public final class BacklogProbe implements Probe {

    private final Component component;
    private final String function;
    private final ConnectionSource source;
    private final double degraded;
    private final double outage;

    private BacklogProbe(Component component, String function, ConnectionSource source, double degraded, double outage) {
        this.component = component;
        this.function = function;
        this.source = source;
        this.degraded = degraded;
        this.outage = outage;
    }

    /** Degraded after 2 minutes of waiting, an outage after 15: deliveries are due within a second. */
    public static BacklogProbe webhooks(ConnectionSource source) {
        return new BacklogProbe(Component.WEBHOOKS, "status_webhook_backlog_seconds", source, 120, 900);
    }

    /** Degraded after 5 minutes, an outage after 30: mail is sent every 5 seconds. */
    public static BacklogProbe mail(ConnectionSource source) {
        return new BacklogProbe(Component.MAIL, "status_mail_backlog_seconds", source, 300, 1800);
    }

    @Override
    public Check run() {
        try (Connection c = source.open(); Statement s = c.createStatement();
             ResultSet age = s.executeQuery("SELECT " + function + "()")) {
            age.next();
            return Check.graded(component, Math.floor(age.getDouble(1)), degraded, outage);
        } catch (SQLException | RuntimeException e) {
            return Check.failed(component, "backlog unreadable: " + e.getMessage());
        }
    }
}
