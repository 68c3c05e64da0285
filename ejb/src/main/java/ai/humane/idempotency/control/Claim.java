package ai.humane.idempotency.control;

/** What claiming a key found. */
public sealed interface Claim {

    /** The key is ours now: run the request and store its answer. */
    record Claimed() implements Claim {
    }

    /** The same request was answered before: send that answer again. */
    record Replay(StoredResponse response) implements Claim {
    }
}
