package ai.humane.edge.boundary;

import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The edge chain every API answer passes: the rate limit, idempotency keys, security headers and the access
 * log (their order is {@link FilterOrder}). {@code EDGE_CHAIN=off} makes those four filters step aside, for
 * one purpose only: the benchmark that measures what the chain costs ({@code bench/edge-chain}). Production
 * refuses to start with it (StartupChecks), so the switch cannot reach a customer.
 */
public final class EdgeChain {

    private static final boolean OFF = "off".equals(
            ConfigProvider.getConfig().getOptionalValue("edge.chain", String.class).orElse("on"));

    static {
        if (OFF) {
            Logger.getLogger(EdgeChain.class.getName())
                    .warning("EDGE_CHAIN=off: no rate limits, idempotency keys, security headers or access log (benchmarks only)");
        }
    }

    private EdgeChain() {
    }

    public static boolean off() {
        return OFF;
    }
}
