package ai.humane.problems.boundary;

import java.util.function.Predicate;

/** A failure's chain of causes, read by the mappers that answer a failure by what caused it. */
final class Causes {

    private Causes() {
    }

    /** Whether the failure or any of its causes passes {@code test} (a cause that is itself ends the chain). */
    static boolean any(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}
