package ai.humane.idempotency.boundary;

/**
 * An answer part of which the idempotency store (A2) must never hold: a secret handed out once ({@link ShownOnce}),
 * or an end user's message text, which is kept in {@code conversation_messages} and nowhere else. The answer kept for
 * a replay is {@link #replay()}, this body with that part left out; nothing at all when that is null (the operation
 * is then not replayed, and a retry runs it again, which only an operation that creates nothing may allow).
 */
public interface KeptWithout {

    /** The body a replay answers, without what the store must not hold; null when the operation is not replayed. */
    Object replay();
}
