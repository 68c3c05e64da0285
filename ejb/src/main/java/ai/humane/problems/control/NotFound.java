package ai.humane.problems.control;

/** The object does not exist for this caller: another tenant's object is reported exactly like a missing one (T1). */
public class NotFound extends Problem {

    public NotFound(String what) {
        super(404, "not-found", "Not found", what + " was not found");
    }
}
