package ai.humane.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Requests per minute by plan and for callers without a credential (MicroProfile Config). */
@ApplicationScoped
public class Ceilings {

    @Inject
    @ConfigProperty(name = "ratelimit.plan.free", defaultValue = "120")
    int free;

    @Inject
    @ConfigProperty(name = "ratelimit.plan.pro", defaultValue = "600")
    int pro;

    @Inject
    @ConfigProperty(name = "ratelimit.plan.scale", defaultValue = "3000")
    int scale;

    @Inject
    @ConfigProperty(name = "ratelimit.plan.enterprise", defaultValue = "10000")
    int enterprise;

    @Inject
    @ConfigProperty(name = "ratelimit.public", defaultValue = "60")
    int publicEndpoints;

    @Inject
    @ConfigProperty(name = "ratelimit.anonymous", defaultValue = "300")
    int anonymous;

    @Inject
    @ConfigProperty(name = "ratelimit.refused.credentials", defaultValue = "30")
    int refusedCredentials;

    @Inject
    @ConfigProperty(name = "ratelimit.sso.callbacks", defaultValue = "300")
    int ssoCallbacks;

    /** An unknown plan gets the smallest ceiling: fail closed. */
    public int forPlan(String plan) {
        return switch (plan == null ? "" : plan) {
            case "pro" -> pro;
            case "scale" -> scale;
            case "enterprise" -> enterprise;
            default -> free;
        };
    }

    public int publicEndpoints() {
        return publicEndpoints;
    }

    public int anonymous() {
        return anonymous;
    }

    /** Requests per minute and client address whose credential is refused (invalid key, token or CSRF). */
    public int refusedCredentials() {
        return refusedCredentials;
    }

    /** SSO callbacks (the OIDC callback, the SAML ACS) per minute and client address, counted before they are checked. */
    public int ssoCallbacks() {
        return ssoCallbacks;
    }
}
