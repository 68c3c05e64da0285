package ai.humane.status.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code APP_ENV}, read in one place: whether this is production decides refusals at boot (missing keys,
 * allow-lists, the edge chain), https-only webhooks and where e-mail goes. Production is the default in
 * every packaging; only the exact word {@code development} (said by the local run and the tests) relaxes
 * anything. Any other value is treated as production and refuses to start ({@link #refusal()}).
 */
@ApplicationScoped
public class AppEnvironment {

    public static final String PRODUCTION = "production";
    public static final String DEVELOPMENT = "development";

    @Inject
    @ConfigProperty(name = "app.env", defaultValue = PRODUCTION)
    String name;

    public AppEnvironment() {
    }

    /** For tests and plain callers: the value APP_ENV holds. */
    public AppEnvironment(String name) {
        this.name = name;
    }

    public boolean production() {
        return !DEVELOPMENT.equals(name);
    }

    /** Why this APP_ENV cannot start, when it names neither environment (a typo must not pass quietly). */
    public Optional<String> refusal() {
        if (PRODUCTION.equals(name) || DEVELOPMENT.equals(name)) {
            return Optional.empty();
        }
        return Optional.of("APP_ENV is '" + name + "'; it must be exactly 'production' (the default) or 'development'");
    }
}
