package ai.humane.sso.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.sso.control.IdentitySource;
import ai.humane.sso.control.OidcProvider;
import ai.humane.sso.control.SsoProtocol;
import ai.humane.tenancy.entity.Role;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a tenant's connection by the id in the URL a browser came to, before any tenant is known (T1: one exact
 * id, through {@code oidc_connection_by_id}). The tenant comes from the connection, never from the provider.
 */
@Stateless
public class ConnectionLookups {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption secrets;

    public Optional<OidcProvider> oidc(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT tenant_id, issuer, client_id, client_secret, default_role FROM oidc_connection_by_id(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(row -> new OidcProvider(id.toString(),
                IdentitySource.connection(SsoProtocol.OIDC, (String) row[1], UUID.fromString(row[0].toString()), id,
                        Role.of((String) row[4]).orElseThrow()),
                (String) row[2], secrets.open((String) row[3])));
    }
}
