package ai.humane.saml.boundary;

import ai.humane.problems.control.NotFound;
import ai.humane.saml.control.AuthnRequests;
import ai.humane.saml.control.IdpMetadata;
import ai.humane.saml.control.SamlRefused;
import ai.humane.saml.control.SpKey;
import ai.humane.saml.control.SpMetadata;
import ai.humane.saml.control.SpUrls;
import ai.humane.saml.entity.SamlConnection;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The public legs of a connection before the ACS (S6): its SP metadata, and SP-initiated login, which keeps the
 * AuthnRequest's id one-time for this connection and for the browser holding {@code browserHash}'s cookie.
 * The connection is found by the id in the URL alone; its tenant is read through one exact look-up.
 */
@Stateless
public class SamlLogins {

    /** How long a browser has at the IdP before its request id is no longer accepted. */
    public static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SpKey spKey;

    public String metadata(UUID connectionId, SpUrls sp) {
        connection(em, connectionId);
        return SpMetadata.xml(sp, spKey.certificate().orElse(null));
    }

    /** Answers the IdP URL to send the browser to. */
    public String begin(UUID connectionId, SpUrls sp, byte[] browserHash) {
        SamlConnection connection = signingIn(connection(em, connectionId));
        if (connection.idpWantsSignedRequests() && spKey.key().isEmpty()) {
            throw new SamlRefused("The IdP wants signed requests and no SAML_SP_KEY is configured");
        }
        String id = AuthnRequests.newId();
        em.createNativeQuery("INSERT INTO saml_requests (id, tenant_id, connection_id, browser_hash, expires_at) "
                        + "VALUES (?1, humane_current_tenant(), ?2, ?3, ?4)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id).setParameter(2, connectionId).setParameter(3, browserHash)
                .setParameter(4, Timestamp.from(Instant.now().plus(REQUEST_LIFETIME))).executeUpdate();
        return AuthnRequests.redirect(id, connection.idpSsoUrl(), sp,
                connection.idpWantsSignedRequests() ? spKey.key().orElseThrow() : null);
    }

    /** The connection the URL names, inside its tenant's walls; unknown ids are 404. */
    static SamlConnection connection(EntityManager em, UUID connectionId) {
        UUID tenant = tenantOf(em, connectionId);
        TenantScope.enter(em, tenant);
        SamlConnection connection = em.find(SamlConnection.class, connectionId);
        if (connection == null) {
            throw new NotFound("SAML connection " + connectionId);
        }
        return connection;
    }

    /**
     * {@code connection}, if it may sign anyone in: enabled, and described by metadata a sign-in can use. One stored
     * before {@link IdpMetadata#read} refused what no link can keep is refused here, before the browser goes to its
     * IdP, and at the ACS, rather than failing on the link's CHECK (a 500); its owner sees why on the connection
     * ({@code metadata_error}, V47) and gives the metadata again.
     */
    static SamlConnection signingIn(SamlConnection connection) {
        if (!connection.enabled()) {
            throw new SamlRefused("This SAML connection is disabled");
        }
        IdpMetadata.unusable(connection.idpEntityId(), connection.idpSsoUrl()).ifPresent(reason -> {
            throw new SamlRefused("This SAML connection's IdP metadata cannot be used (" + reason
                    + "); its owner must give the metadata again");
        });
        return connection;
    }

    static UUID tenantOf(EntityManager em, UUID connectionId) {
        List<?> rows = em.createNativeQuery("SELECT saml_connection_tenant(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, connectionId).getResultList();
        Object tenant = rows.isEmpty() ? null : rows.get(0);
        if (tenant == null) {
            throw new NotFound("SAML connection " + connectionId);
        }
        return UUID.fromString(tenant.toString());
    }
}
