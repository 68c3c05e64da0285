package ai.humane.saml.control;

import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.outbound.control.UrlNotAllowed;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches IdP metadata from the URL a tenant gave (N1, N2, S6): through the SSRF guard and the pinned client,
 * https only in production, up to 3 redirects each re-checked, 256 KiB, 15 s for the whole exchange.
 * Elsewhere the same allow-list as webhooks lets tests serve metadata from loopback.
 */
@ApplicationScoped
public class MetadataSource {

    private static final Logger LOG = Logger.getLogger(MetadataSource.class.getName());

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
        List<String> allowed = production ? List.of()
                : allowList.map(value -> Arrays.stream(value.split(",")).map(String::strip)
                        .filter(entry -> !entry.isEmpty()).toList()).orElse(List.of());
        guard = new PublicUrlGuard(HostResolver.dns(), allowed, production);
        client = new OutboundClient(guard, new OutboundLimits(Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(15), IdpMetadata.MAX_BYTES, 3));
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing the metadata client failed", e);
        }
    }

    /** @throws MetadataRefused when the URL is refused, unreachable, not 200 or not usable metadata */
    public IdpMetadata fetch(String url) {
        try {
            var answer = client.get(url, Map.of("Accept", "application/samlmetadata+xml, application/xml, text/xml"));
            if (answer.status() != 200) {
                throw new MetadataRefused("The metadata URL answered " + answer.status());
            }
            return IdpMetadata.read(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (UrlNotAllowed refused) {
            throw new MetadataRefused("The metadata URL is not allowed: " + refused.reason());
        } catch (IOException e) {
            throw new MetadataRefused("The metadata URL could not be fetched");
        }
    }
}
