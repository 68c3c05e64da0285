package ai.humane.status.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code APP_ENV}, read in one place: whether this is production decides refusals at boot (missing keys,
 * allow-lists, the edge chain), https-only webhooks and where e-mail goes. Anything but the exact word
 * {@code production} is development.
 */
@ApplicationScoped
public class AppEnvironment {

    @Inject
    @ConfigProperty(name = "app.env", defaultValue = "development")
    String name;

    public boolean production() {
        return "production".equals(name);
    }
}
