package ai.humane.webhooks.boundary;

import ai.humane.status.control.BootCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How an instance's webhook senders are shared (W3): {@link #SENDERS} threads, at most {@link #endpointWidth()} of them
 * on one endpoint and {@link #tenantWidth()} on one tenant's endpoints together. Settings outside their range refuse
 * the boot with the other refusals (BootCheck), each named.
 */
@ApplicationScoped
public class WebhookSenders implements BootCheck {

    /**
     * Senders of an instance. A pool of its own, not the default managed executor, whose size is the server's to
     * choose: with a single thread one hanging receiver would stall every delivery again.
     */
    public static final int SENDERS = 16;

    @Inject
    @ConfigProperty(name = "webhooks.endpoint-concurrency", defaultValue = "2")
    int endpointWidth;

    @Inject
    @ConfigProperty(name = "webhooks.tenant-concurrency")
    Optional<Integer> tenantWidth;

    /** Deliveries in flight to one endpoint at most (WEBHOOKS_ENDPOINT_CONCURRENCY), 1 to {@link #SENDERS}. */
    public int endpointWidth() {
        if (endpointWidth < 1 || endpointWidth > SENDERS) {
            throw new IllegalStateException("WEBHOOKS_ENDPOINT_CONCURRENCY is " + endpointWidth + ": from 1 to " + SENDERS
                    + ", the webhook senders of an instance (W3)");
        }
        return endpointWidth;
    }

    /**
     * Lanes one tenant runs at once at most, all its endpoints together (WEBHOOKS_TENANT_CONCURRENCY), from
     * {@link #endpointWidth()} to {@link #SENDERS}; unset, half the senders, or one endpoint's width if that is more.
     */
    public int tenantWidth() {
        int width = tenantWidth.orElse(Math.max(SENDERS / 2, endpointWidth()));
        if (width < endpointWidth() || width > SENDERS) {
            throw new IllegalStateException("WEBHOOKS_TENANT_CONCURRENCY is " + width + ": from "
                    + "WEBHOOKS_ENDPOINT_CONCURRENCY (" + endpointWidth() + ") to " + SENDERS
                    + ", the webhook senders of an instance (W3)");
        }
        return width;
    }

    @Override
    public void verify() {
        tenantWidth();
    }
}
