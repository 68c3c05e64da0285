package ai.humane.idempotency.control;

import ai.humane.problems.control.Problem;

/**
 * The first request with this key is still running, or was carried out and its answer lost: 409
 * {@code idempotency-key-in-use}.
 */
public class IdempotencyKeyInUse extends Problem {

    public IdempotencyKeyInUse() {
        this("A request with this Idempotency-Key is still being processed; retry once it has finished");
    }

    private IdempotencyKeyInUse(String detail) {
        super(409, "idempotency-key-in-use", "Idempotency key in use", detail);
    }

    /** The request's work was done, but the instance serving it stopped before its answer was kept. */
    static IdempotencyKeyInUse carriedOut() {
        return new IdempotencyKeyInUse("The request with this Idempotency-Key was carried out, but its answer was lost"
                + " when the server handling it stopped; it will not run again: read the result from the API");
    }
}
