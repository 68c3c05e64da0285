package ai.humane.idempotency.control;

import java.time.OffsetDateTime;

/** What claiming a key found. */
public sealed interface Claim {

    /**
     * The key is ours now: run the request and store its answer. {@code at} is the claim's own time on its row: the
     * answer is stored, or the claim released, only while the row still holds it (a request that outlived its claim
     * and was taken over writes nothing over its successor).
     */
    record Claimed(IdempotencyScope scope, OffsetDateTime at) implements Claim {
    }

    /** The same request was answered before: send that answer again. */
    record Replay(StoredResponse response) implements Claim {
    }
}
