package ai.humane.webhooks.boundary;

import ai.humane.status.control.BootCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many webhook endpoints one tenant may have at most (A3): every endpoint subscribed to an event takes a delivery
 * of it, each retried for a day, so without a ceiling one write fans out to as many requests as the tenant registered
 * endpoints, all of them perhaps at one stranger's server. A setting outside its range refuses the boot with the other
 * refusals (BootCheck), named.
 */
@ApplicationScoped
public class EndpointsPerTenant implements BootCheck {

    /** The highest ceiling an operator may set: well above what GitHub (20) or Stripe (16) allow. */
    public static final int MOST = 100;

    @Inject
    @ConfigProperty(name = "webhooks.endpoints-per-tenant", defaultValue = "20")
    int ceiling;

    /** Endpoints a tenant may have (WEBHOOKS_ENDPOINTS_PER_TENANT), enabled or not, 1 to {@link #MOST}. */
    public int ceiling() {
        if (ceiling < 1 || ceiling > MOST) {
            throw new IllegalStateException("WEBHOOKS_ENDPOINTS_PER_TENANT is " + ceiling + ": from 1 to " + MOST
                    + ", the webhook endpoints a tenant may have (A3)");
        }
        return ceiling;
    }

    @Override
    public void verify() {
        ceiling();
    }
}
