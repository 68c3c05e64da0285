package ai.humane.edge.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The configured {@code TRUSTED_PROXIES}, applied to each request's peer and X-Forwarded-For. */
@ApplicationScoped
public class ClientAddresses {

    @Inject
    @ConfigProperty(name = "trusted.proxies")
    Optional<String> setting;

    private TrustedProxies proxies;

    @PostConstruct
    void parse() {
        proxies = TrustedProxies.of(setting.orElse(null));
    }

    public String client(String peer, String forwardedFor) {
        return proxies.client(peer, forwardedFor);
    }

    /** Whether the connection itself comes from a proxy we trust (for X-Forwarded-Proto). */
    public boolean fromTrustedProxy(String peer) {
        return proxies.trusts(peer);
    }
}
