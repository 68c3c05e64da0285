package ai.humane.edge.boundary;

import ai.humane.idempotency.boundary.IdempotencyFilter;
import ai.humane.ratelimit.boundary.RateLimitFilter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The edge chain every API answer passes: rate limit, idempotency keys, security headers and the access
 * log, registered here and nowhere else. {@code EDGE_CHAIN=off} leaves them out, for one purpose only:
 * the benchmark that measures what the chain costs ({@code bench/edge-chain}). Production refuses to
 * start with it (StartupChecks), so the switch cannot reach a customer.
 */
@Provider
public class EdgeChain implements Feature {

    static final List<Class<?>> FILTERS = List.of(RateLimitFilter.class, IdempotencyFilter.class,
            SecurityHeaders.class, AccessLog.class);
    private static final Logger LOG = Logger.getLogger(EdgeChain.class.getName());

    @Override
    public boolean configure(FeatureContext context) {
        if (!enabled()) {
            LOG.warning("EDGE_CHAIN=off: no rate limits, idempotency keys, security headers or access log (benchmarks only)");
            return false;
        }
        FILTERS.forEach(context::register);
        return true;
    }

    static boolean enabled() {
        return !"off".equals(ConfigProvider.getConfig().getOptionalValue("edge.chain", String.class).orElse("on"));
    }
}
