package ai.humane.engines.boundary;

import ai.humane.status.control.BootCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many engines one tenant may have at most (A3): each is a row every analysis may read, an {@code llm} one a
 * provider URL and a sealed key the nightly re-encryption moves forward, so without a ceiling one API key could fill
 * the database with them in a loop. A setting outside its range refuses the boot with the other refusals
 * (BootCheck), named.
 */
@ApplicationScoped
public class EnginesPerTenant implements BootCheck {

    /** The highest ceiling an operator may set: ten times the default, far above a tenant's lexicon and models. */
    public static final int MOST = 500;

    @Inject
    @ConfigProperty(name = "engines.per-tenant", defaultValue = "50")
    int ceiling;

    /** Engines a tenant may have (ENGINES_PER_TENANT), of either kind, 1 to {@link #MOST}. */
    public int ceiling() {
        if (ceiling < 1 || ceiling > MOST) {
            throw new IllegalStateException("ENGINES_PER_TENANT is " + ceiling + ": from 1 to " + MOST
                    + ", the engines a tenant may have (A3)");
        }
        return ceiling;
    }

    @Override
    public void verify() {
        ceiling();
    }
}
