package ai.humane.problems.control;

/** The request clashes with the current state, such as a duplicate external id. */
public class Conflict extends Problem {

    public Conflict(String detail) {
        super(409, "conflict", "Conflict", detail);
    }
}
