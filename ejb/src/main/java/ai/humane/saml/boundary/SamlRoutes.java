package ai.humane.saml.boundary;

import ai.humane.saml.entity.SamlConnection;
import ai.humane.sso.control.SsoConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;

/** SAML's answer to SSO routing (S6): the login route of the tenant's first enabled SAML connection. */
@ApplicationScoped
public class SamlRoutes implements SsoConnections {

    @Override
    public Optional<String> loginPath(EntityManager em, UUID tenant) {
        return em.createQuery("SELECT c FROM SamlConnection c WHERE c.enabled = true ORDER BY c.createdAt, c.id",
                        SamlConnection.class)
                .setMaxResults(1).getResultStream().findFirst()
                .map(connection -> "/api/v1/auth/saml/" + connection.id() + "/login");
    }
}
