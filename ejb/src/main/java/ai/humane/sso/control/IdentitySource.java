package ai.humane.sso.control;

import ai.humane.tenancy.entity.Role;
import java.util.Objects;
import java.util.UUID;

/**
 * Which provider vouched for an identity. Google (from the environment) belongs to no tenant: it proves who a
 * person is, never where they may go. A tenant's own connection (OIDC or SAML) names that tenant, and the
 * tenant is taken from the connection the browser returned to, never from anything the provider's message
 * says; its default role is what just-in-time provisioning grants.
 *
 * @param issuer       the provider's issuer (OIDC {@code iss}, SAML IdP entity id) as configured, not as claimed
 * @param tenantId     the connection's tenant; null for Google
 * @param connectionId the connection; null for Google
 * @param defaultRole  the role a just-in-time membership gets; null for Google (it provisions nobody)
 */
public record IdentitySource(SsoProtocol protocol, String issuer, UUID tenantId, UUID connectionId, Role defaultRole) {

    public IdentitySource {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(issuer, "issuer");
        if ((tenantId == null) != (connectionId == null)) {
            throw new IllegalArgumentException("A connection belongs to exactly one tenant");
        }
        if (tenantId != null && defaultRole == null) {
            defaultRole = Role.MEMBER;
        }
        if (defaultRole == Role.OWNER) {
            throw new IllegalArgumentException("No connection provisions owners");
        }
    }

    /** Google sign-in, configured from the environment. */
    public static IdentitySource google(String issuer) {
        return new IdentitySource(SsoProtocol.OIDC, issuer, null, null, null);
    }

    /** A tenant's own connection. */
    public static IdentitySource connection(SsoProtocol protocol, String issuer, UUID tenantId, UUID connectionId, Role defaultRole) {
        return new IdentitySource(protocol, issuer, Objects.requireNonNull(tenantId), Objects.requireNonNull(connectionId), defaultRole);
    }

    public boolean tenantBound() {
        return tenantId != null;
    }
}
