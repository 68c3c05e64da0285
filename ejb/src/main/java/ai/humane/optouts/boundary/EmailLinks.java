package ai.humane.optouts.boundary;

import ai.humane.crypto.control.ConfiguredKey;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.optouts.control.UnsubscribeTokens;
import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * K4's key, from HMAC_KEY only. Production without it refuses to start (StartupChecks says so before it
 * asks for the links); a key that is set but malformed or shorter than 32 bytes refuses to start in every
 * environment. Development without one signs with a key made for this run, with a warning: links mailed
 * before a restart stop working (the launcher keeps one in the local data folder so they do not).
 */
@ApplicationScoped
public class EmailLinks implements BootCheck {

    private static final Logger LOG = Logger.getLogger(EmailLinks.class.getName());

    @Inject
    @ConfigProperty(name = "hmac.key")
    Optional<String> configured;

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String baseUrl;

    private HmacKeys keys;
    private UnsubscribeLinks links;

    @PostConstruct
    void load() {
        String value = ConfiguredKey.orForThisRun(configured, environment.production(), "HMAC_KEY",
                "K4 links are signed with it", "e-mail links", HmacKeys::generateKey);
        try {
            keys = new HmacKeys(value);
        } catch (IllegalArgumentException e) {
            LOG.severe("Refusing to start: " + e.getMessage() + " (K4)");
            throw new IllegalStateException("Refusing to start: " + e.getMessage() + " (K4)");
        }
        links = new UnsubscribeLinks(new UnsubscribeTokens(keys, Clock.systemUTC()), baseUrl);
    }

    public UnsubscribeLinks links() {
        return links;
    }

    /** The same keys, for pseudonyms of e-mail addresses (the mail outbox and its send budgets). */
    public HmacKeys keys() {
        return keys;
    }

    /** Loads the key at boot, so that a missing or malformed one refuses the deployment (BootCheck). */
    @Override
    public void verify() {
        links();
    }
}
