package ai.humane.analysis.control;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a provider gave no usable answer, in words safe to store and show: never the provider's body, the
 * message or the key. {@code retryable} failures (429, 5xx, network errors) are tried again with backoff; the
 * others fall back to the lexicon at once.
 */
public final class ProviderFailure extends Exception {

    private final String reason;
    private final boolean retryable;
    private final transient Optional<Duration> retryAfter;

    public ProviderFailure(String reason, boolean retryable, Optional<Duration> retryAfter) {
        super(reason, null, false, false);
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ProviderFailure fin(String reason) {
        return new ProviderFailure(reason, false, Optional.empty());
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
