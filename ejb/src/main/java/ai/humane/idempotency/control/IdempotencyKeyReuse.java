package ai.humane.idempotency.control;

import ai.humane.problems.control.Problem;

/** The key was first used with another request body: 422 {@code idempotency-key-reuse}. */
public class IdempotencyKeyReuse extends Problem {

    public IdempotencyKeyReuse() {
        super(422, "idempotency-key-reuse", "Idempotency key reused",
                "This Idempotency-Key was used with a different request; use a new key for a new request");
    }
}
