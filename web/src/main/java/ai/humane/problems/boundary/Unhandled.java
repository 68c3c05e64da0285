package ai.humane.problems.boundary;

import ai.humane.problems.control.Problem;

/**
 * A failure met where no exception mapper runs (the authentication mechanism completing an SSO sign-in, in front of
 * JAX-RS), made the problem {@link UnhandledMapper} would have answered: a write that lost a race is the 409 its
 * check answers ({@link LostRace}); anything else is ours, logged now under the instance id its 500 names.
 */
public final class Unhandled extends Problem {

    private static final long serialVersionUID = 1L;

    private final String instance;

    private Unhandled(String instance) {
        super(500, "internal", "Internal error", ProblemResponse.INTERNAL_DETAIL);
        this.instance = instance;
    }

    public static Problem of(RuntimeException failure) {
        return LostRace.causedBy(failure) ? LostRace.problem() : new Unhandled(ProblemResponse.logged(failure));
    }

    /** The id the failure was logged under, which its answer names. */
    String instance() {
        return instance;
    }
}
