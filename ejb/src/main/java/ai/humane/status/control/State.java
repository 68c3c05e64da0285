package ai.humane.status.control;

import java.util.Locale;

/** A component's state, as public status pages say it; ordered from best to worst. */
public enum State {
    OPERATIONAL,
    DEGRADED,
    OUTAGE;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static State of(String slug) {
        return valueOf(slug.toUpperCase(Locale.ROOT));
    }

    public State worse(State other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
