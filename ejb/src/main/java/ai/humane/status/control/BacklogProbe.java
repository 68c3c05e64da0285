package ai.humane.status.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How late a queue is, in seconds: for e-mail, how long its oldest due mail has waited; for webhooks, the
 * dispatcher's lateness (V58: the longest any tenant's due deliveries have waited since they fell due or since the
 * tenant's tries were last recorded, whichever is later; a tenant's slow or failing receivers are not the
 * platform's lateness). Each is read through a SECURITY DEFINER function (V16, V58) that answers this one number
 * and nothing of any row.
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

    /** Degraded after 2 minutes of waiting for a try, an outage after 15: deliveries are claimed within a second. */
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
