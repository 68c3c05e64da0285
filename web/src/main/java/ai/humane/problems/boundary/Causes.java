package ai.humane.problems.boundary;

import java.util.Optional;
import java.util.function.Predicate;

/** A failure's chain of causes, read by the mappers that answer a failure by what caused it. */
final class Causes {

    private Causes() {
    }

    /** Whether the failure or any of its causes passes {@code test} (a cause that is itself ends the chain). */
    static boolean any(Throwable failure, Predicate<Throwable> test) {
        return first(failure, Throwable.class, test).isPresent();
    }

    /** The first of the failure and its causes that is a {@code type} and passes {@code test}. */
    static <T extends Throwable> Optional<T> first(Throwable failure, Class<T> type, Predicate<? super T> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t) && test.test(type.cast(t))) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
