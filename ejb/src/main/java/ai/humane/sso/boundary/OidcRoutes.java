package ai.humane.sso.boundary;

import ai.humane.sso.control.SsoConnections;
import ai.humane.sso.entity.OidcConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;

/** A tenant's OIDC connection for routing: the oldest one, when it has several. */
@ApplicationScoped
public class OidcRoutes implements SsoConnections {

    @Override
    public Optional<String> loginPath(EntityManager em, UUID tenant) {
        return em.createQuery("SELECT c FROM OidcConnection c ORDER BY c.createdAt, c.id", OidcConnection.class)
                .setMaxResults(1).getResultStream().findFirst()
                .map(connection -> "/api/v1/auth/oidc/" + connection.id() + "/login");
    }
}
