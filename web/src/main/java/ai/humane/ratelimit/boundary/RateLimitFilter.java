package ai.humane.ratelimit.boundary;

import ai.humane.authentication.boundary.AuthenticatedCaller;
import ai.humane.authentication.boundary.RefusedCredential;
import ai.humane.edge.boundary.EdgeChain;
import ai.humane.edge.boundary.FilterOrder;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.ClientNetwork;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.ratelimit.control.Ceilings;
import ai.humane.ratelimit.control.RateLimited;
import ai.humane.ratelimit.control.RateLimiter;
import ai.humane.ratelimit.control.SlidingWindow;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Counts each request before matching, so unknown routes are counted too. Authentication has already
 * run (the servlet-level mechanism), so the caller is known: an API key or a session user is its own
 * bucket with its tenant's plan ceiling; without a caller the client address is the bucket, at 60/min
 * on the public endpoints. Requests whose credential was refused have a bucket of their own per client
 * address with a small ceiling: a client cycling through made-up keys or tokens is soon answered 429
 * instead of learning, request by request, which of them were refused. An SSO callback was counted already, in
 * front of JAX-RS and before its costly checks ({@link CountedAhead}): that count is its count.
 */
@Dependent
@PreMatching
@Priority(FilterOrder.RATE_LIMIT)
@Provider
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String APPLIED = RateLimitFilter.class.getName();
    /** Paths open to anyone, limited per client address at the public ceiling. */
    private static final List<String> PUBLIC_PATHS = List.of(HumaneApi.V1 + "public/", UnsubscribeLinks.PATH,
            HumaneApi.V1 + "status", "status");

    @Context
    HttpServletRequest servlet;

    @Inject
    SecurityContext security;

    @Inject
    RateLimiter limiter;

    @Inject
    Ceilings ceilings;

    @Inject
    RequestOrigin origin;

    @Override
    public void filter(ContainerRequestContext request) {
        if (EdgeChain.off()) {
            return;
        }
        Applied applied = CountedAhead.of(servlet).orElseGet(() -> {
            Bucket bucket = bucket(request);
            return new Applied(bucket.policy(), limiter.hit(bucket.key(), bucket.limit()));
        });
        request.setProperty(APPLIED, applied);
        if (!applied.verdict().allowed()) {
            throw new RateLimited(applied.verdict().retryAfterSeconds());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (EdgeChain.off()) {
            return;
        }
        if (request.getProperty(APPLIED) instanceof Applied applied) {
            SlidingWindow.Verdict v = applied.verdict();
            response.getHeaders().putSingle("RateLimit-Policy",
                    "\"" + applied.policy() + "\";q=" + v.limit() + ";w=" + SlidingWindow.WINDOW_SECONDS);
            response.getHeaders().putSingle("RateLimit",
                    "\"" + applied.policy() + "\";r=" + v.remaining() + ";t=" + v.resetSeconds());
        }
    }

    private Bucket bucket(ContainerRequestContext request) {
        var caller = AuthenticatedCaller.of(request, security);
        if (caller.isPresent()) {
            TenantCaller c = caller.get();
            String kind = c.kind() == TenantCaller.Kind.API_KEY ? "key:" : "user:";
            // Read with the credential on this request (A1); a caller without one gets the smallest ceiling.
            return new Bucket("default", kind + c.actorId(), ceilings.forPlan(c.plan().orElse(null)));
        }
        // An IPv6 client by its /64: one subscriber's, whose addresses it may change at will.
        String client = ClientNetwork.of(origin.ip());
        if (RefusedCredential.of(servlet).isPresent()) {
            return new Bucket("refused", "refused-ip:" + client, ceilings.refusedCredentials());
        }
        String path = request.getUriInfo().getPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (PUBLIC_PATHS.stream().anyMatch(relative::startsWith)) {
            return new Bucket("public", "public-ip:" + client, ceilings.publicEndpoints());
        }
        return new Bucket("anonymous", "ip:" + client, ceilings.anonymous());
    }

    private record Bucket(String policy, String key, int limit) {
    }

    record Applied(String policy, SlidingWindow.Verdict verdict) {
    }
}
