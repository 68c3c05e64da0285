package ai.humane.analysis.control;

import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.webhooks.control.Receivers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The LLM side of analysis, one per application: the outbound client for provider URLs (the same SSRF guard as
 * webhooks, N1; connect 5 s, read 30 s, the whole exchange {@code llm.deadline.seconds} — 30, never more —,
 * 10 MiB, up to 3 redirects each re-checked, N2), the per-engine breakers and bulkheads, and the settings of
 * the queue. The deadline is configurable so that tests can prove it in seconds.
 */
@ApplicationScoped
public class Providers {

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
        guards = new EngineGuards(Math.max(1, bulkhead), Duration.ofSeconds(Math.max(1, breakerOpenSeconds)));
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

    public EngineGuards guards() {
        return guards;
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
