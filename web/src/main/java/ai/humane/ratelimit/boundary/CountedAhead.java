package ai.humane.ratelimit.boundary;

import ai.humane.edge.boundary.EdgeChain;
import ai.humane.edge.control.ClientNetwork;
import ai.humane.ratelimit.control.Ceilings;
import ai.humane.ratelimit.control.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * Counts a request in front of JAX-RS, for work the authentication mechanism does there: an SSO callback (a SAML
 * response's signature checked, an OIDC code redeemed at the provider) is verified before the {@link RateLimitFilter}
 * runs, so a flood of them would be parsed, checked and audited before its first 429. Such a request is counted here
 * instead, before that work, in a bucket of its client's for SSO callbacks ({@code sso}, {@code ratelimit.sso.callbacks}
 * a minute); the filter then answers with this count instead of counting the request again, and a callback over the
 * ceiling is answered 429 without the work having been done.
 */
@ApplicationScoped
public class CountedAhead {

    private static final String VERDICT = CountedAhead.class.getName();

    @Inject
    RateLimiter limiter;

    @Inject
    Ceilings ceilings;

    /**
     * Counts the SSO callback {@code request}, from {@code clientIp}: whether it is within its client's ceiling (the
     * costly work may go on); if not, the rate limit answers it 429 inside JAX-RS.
     */
    public boolean admits(ServletRequest request, String clientIp) {
        if (EdgeChain.off()) {
            return true;
        }
        // An IPv6 client by its /64, as in every bucket of a client address.
        var counted = new RateLimitFilter.Applied("sso",
                limiter.hit("sso-ip:" + ClientNetwork.of(clientIp), ceilings.ssoCallbacks()));
        request.setAttribute(VERDICT, counted);
        return counted.verdict().allowed();
    }

    /** The count made for {@code request} ahead of JAX-RS, if one was. */
    static Optional<RateLimitFilter.Applied> of(ServletRequest request) {
        return request.getAttribute(VERDICT) instanceof RateLimitFilter.Applied counted
                ? Optional.of(counted) : Optional.empty();
    }
}
