package ai.humane.analysis.control;

import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.status.control.BootCheck;
import ai.humane.webhooks.control.Receivers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The LLM side of analysis, one per application: the outbound client for provider URLs (the same SSRF guard as
 * webhooks, N1; connect 5 s, read 30 s, the whole exchange {@code llm.deadline.seconds} — 30, never more —,
 * 10 MiB, up to 3 redirects each re-checked, N2), the per-engine breakers and bulkheads and the tenants' shares, and
 * the settings of the queue. The deadline is configurable so that tests can prove it in seconds. How the workers are
 * shared ({@link #workers()}, {@link #engineWidth()}, {@link #tenantWidth()}) is checked at boot with the other
 * refusals (BootCheck), each setting named.
 */
@ApplicationScoped
public class Providers implements BootCheck {

    /** N2's whole-exchange ceiling: a setting may shorten it, never lengthen it. */
    static final int MOST_SECONDS = 30;

    @Inject
    Receivers receivers;

    @Inject
    @ConfigProperty(name = "llm.deadline.seconds", defaultValue = "30")
    int deadlineSeconds;

    @Inject
    @ConfigProperty(name = "llm.bulkhead", defaultValue = "4")
    int bulkhead;

    @Inject
    @ConfigProperty(name = "llm.workers", defaultValue = "16")
    int workers;

    @Inject
    @ConfigProperty(name = "llm.tenant-concurrency")
    Optional<Integer> tenantWidth;

    @Inject
    @ConfigProperty(name = "llm.breaker.open.seconds", defaultValue = "30")
    int breakerOpenSeconds;

    @Inject
    @ConfigProperty(name = "llm.attempts", defaultValue = "4")
    int attempts;

    @Inject
    @ConfigProperty(name = "llm.retry.base.millis", defaultValue = "1000")
    long retryBaseMillis;

    private OutboundClient client;
    private EngineGuards guards;
    private ProviderCall call;

    @PostConstruct
    void open() {
        Duration deadline = Duration.ofSeconds(Math.max(1, Math.min(MOST_SECONDS, deadlineSeconds)));
        client = new OutboundClient(receivers.guard(), OutboundLimits.production().withDeadline(deadline).followingRedirects(3));
        call = new ProviderCall(client, new AnswerSchema(), Clock.systemUTC());
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException e) {
            Logger.getLogger(Providers.class.getName()).log(Level.FINE, "Closing the provider client failed", e);
        }
    }

    public ProviderCall call() {
        return call;
    }

    /** Built on first use rather than at construction, so that a setting out of range is a refusal at boot, named. */
    public synchronized EngineGuards guards() {
        if (guards == null) {
            guards = new EngineGuards(engineWidth(), tenantWidth(), Duration.ofSeconds(Math.max(1, breakerOpenSeconds)));
        }
        return guards;
    }

    /** The analysis dispatcher's threads on an instance (LLM_WORKERS), shared by every tenant's engines; at least 1. */
    public int workers() {
        if (workers < 1) {
            throw new IllegalStateException("LLM_WORKERS is " + workers + ": at least 1, the analysis workers of an instance");
        }
        return workers;
    }

    /**
     * Calls in flight to one engine at most (LLM_BULKHEAD), from 1 to {@link #workers()}: each call holds a worker,
     * so a bulkhead wider than the pool could never be full.
     */
    public int engineWidth() {
        if (bulkhead < 1 || bulkhead > workers()) {
            throw new IllegalStateException("LLM_BULKHEAD is " + bulkhead + ": from 1 to LLM_WORKERS (" + workers()
                    + "), the analysis workers of an instance (N2)");
        }
        return bulkhead;
    }

    /**
     * Calls in flight for one tenant at most, all its engines together (LLM_TENANT_CONCURRENCY), from
     * {@link #engineWidth()} to {@link #workers()}; unset, half the workers, or one engine's width if that is more.
     */
    public int tenantWidth() {
        int width = tenantWidth.orElse(Math.max(workers() / 2, engineWidth()));
        if (width < engineWidth() || width > workers()) {
            throw new IllegalStateException("LLM_TENANT_CONCURRENCY is " + width + ": from LLM_BULKHEAD (" + engineWidth()
                    + ") to LLM_WORKERS (" + workers() + "), the analysis workers of an instance (N2)");
        }
        return width;
    }

    @Override
    public void verify() {
        tenantWidth();
    }

    /** Tries per message before it falls back to the lexicon, and the first wait between two. */
    public RetryPolicy retries() {
        return new RetryPolicy(Math.max(1, attempts), Duration.ofMillis(Math.max(1, retryBaseMillis)));
    }

    /** Checks a provider URL as every call will (N1). */
    public void check(String url) {
        receivers.check(url);
    }
}
