package ai.humane.sso.control;

import java.util.Optional;
import java.util.UUID;

/**
 * A protocol's connections as routing sees them (a port: OIDC connections now, SAML connections from branch
 * {@code saml}): where a browser begins sign-in with the tenant's connection of that protocol, if it has one.
 * Implementations run inside the caller's transaction with the tenant's walls raised.
 */
public interface SsoConnections {

    /** The path (under the site root, e.g. {@code /api/v1/auth/oidc/<id>/login}) of the tenant's connection. */
    Optional<String> loginPath(jakarta.persistence.EntityManager em, UUID tenant);
}
