package ai.humane.problems.control;

/** The caller is known but their role does not allow this (T2). */
public class Forbidden extends Problem {

    public Forbidden(String detail) {
        super(403, "forbidden", "Forbidden", detail);
    }
}
