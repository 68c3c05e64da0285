package ai.humane.problems.control;

import java.util.Map;

/** A refusal the caller may simply try again after a wait, which its answer gives in {@code Retry-After} (seconds). */
public abstract class RetryLater extends Problem {

    private final long retryAfterSeconds;

    protected RetryLater(int status, String slug, String title, String detail, long retryAfterSeconds) {
        super(status, slug, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public final Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
