package ai.humane.webhooks.control;

import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.outbound.control.UrlNotAllowed;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The guard and the one outbound client for webhook URLs (N1, N2). Production accepts https only and no
 * allow-list (the boot check refuses OUTBOUND_ALLOWLIST there); elsewhere the allow-list lets tests and
 * the local run deliver to loopback receivers.
 */
@ApplicationScoped
public class Receivers {

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "outbound.allowlist")
    Optional<String> allowList;

    private PublicUrlGuard guard;
    private OutboundClient client;

    @PostConstruct
    void open() {
        boolean production = environment.production();
        List<String> allowed = production ? List.of() : allowList.map(Receivers::entries).orElse(List.of());
        guard = new PublicUrlGuard(HostResolver.dns(), allowed, production);
        client = new OutboundClient(guard);
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException e) {
            // The pool is going away with the application; nothing is left to retry.
            Logger.getLogger(Receivers.class.getName()).log(Level.FINE, "Closing the webhook client failed", e);
        }
    }

    /** @throws UrlRefused with the guard's reason */
    public void check(String url) {
        try {
            guard.check(url);
        } catch (UrlNotAllowed refused) {
            throw new UrlRefused(refused.reason());
        }
    }

    public OutboundClient client() {
        return client;
    }

    /** The guard itself, for other callers of user-supplied URLs (LLM providers) with limits of their own. */
    public PublicUrlGuard guard() {
        return guard;
    }

    private static List<String> entries(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }
}
