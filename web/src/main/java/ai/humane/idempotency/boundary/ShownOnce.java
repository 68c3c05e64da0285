package ai.humane.idempotency.boundary;

/**
 * An answer that hands out a secret once (K1 API keys, K2 webhook signing secrets, W2 inbound secrets, S4
 * access tokens). An idempotent replay (A2) must neither hand the secret out again nor run the operation a
 * second time, and the idempotency store must never hold the secret: so the answer kept for replay is
 * {@link #replay()}, this body with the secret left out, and nothing at all when that is null.
 */
public interface ShownOnce extends KeptWithout {
}
