package ai.humane.status.control;

import java.util.Objects;

/**
 * One probe's outcome: the state and the figure it measured (null when there is none, e.g. no connection).
 * {@code note} is for the operators' alert mail and the log only, never for the public page.
 */
public record Check(Component component, State state, Double figure, String note) {

    public Check {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(state, "state");
        note = note == null ? "" : note;
    }

    public static Check of(Component component, State state, double figure) {
        return new Check(component, state, figure, "");
    }

    public static Check failed(Component component, String note) {
        return new Check(component, State.OUTAGE, null, note);
    }

    /** The state a figure earns against two thresholds: at or above {@code outage} is an outage. */
    public static Check graded(Component component, double figure, double degraded, double outage) {
        State state = figure >= outage ? State.OUTAGE : figure >= degraded ? State.DEGRADED : State.OPERATIONAL;
        return of(component, state, figure);
    }
}
