package ai.humane.status.control;

import java.util.Locale;

/**
 * What the status page reports on (O2), each with the figure its probe measures. Names and labels are all the
 * public learns of a component: never a host, version or query.
 */
public enum Component {
    DATABASE("Database", "ms"),
    SCHEMA("Database schema", null),
    CERTIFICATE("TLS certificate", "days"),
    WEBHOOKS("Webhook delivery", "s"),
    MAIL("E-mail delivery", "s"),
    BACKUPS("Backups", "h");

    private final String label;
    private final String unit;

    Component(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** The name stored and answered: {@code database}, {@code certificate}, … */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** The unit of the figure, or null when the component has none. */
    public String unit() {
        return unit;
    }

    public static Component of(String slug) {
        return valueOf(slug.toUpperCase(Locale.ROOT));
    }
}
