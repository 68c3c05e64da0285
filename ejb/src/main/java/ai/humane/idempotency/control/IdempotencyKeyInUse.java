package ai.humane.idempotency.control;

import ai.humane.problems.control.Problem;

/** The first request with this key is still running: 409 {@code idempotency-key-in-use}. */
public class IdempotencyKeyInUse extends Problem {

    public IdempotencyKeyInUse() {
        super(409, "idempotency-key-in-use", "Idempotency key in use",
                "A request with this Idempotency-Key is still being processed; retry once it has finished");
    }
}
