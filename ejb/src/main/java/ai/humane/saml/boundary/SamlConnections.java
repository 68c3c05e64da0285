package ai.humane.saml.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.NotFound;
import ai.humane.saml.control.IdpMetadata;
import ai.humane.saml.control.MetadataRefused;
import ai.humane.saml.control.MetadataSource;
import ai.humane.saml.entity.SamlCertificate;
import ai.humane.saml.entity.SamlConnection;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.sessions.boundary.Sessions;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's SAML connections (S6). The IdP's metadata comes as XML or from a URL fetched through the guard;
 * either way it is read before anything is stored, and its signing certificates replace the connection's
 * set. Every change is audited in its transaction with what was before and after (L1).
 */
@Stateless
@Interceptors(TenantScope.class)
public class SamlConnections {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    @Inject
    MetadataSource source;

    /** Exactly one of {@code metadataXml} and {@code metadataUrl}. */
    public SamlConnection create(String name, String metadataXml, String metadataUrl, String defaultRole,
            boolean idpInitiated) {
        IdpMetadata metadata = metadata(metadataXml, metadataUrl);
        SamlConnection connection = new SamlConnection(name, defaultRole, idpInitiated);
        describe(connection, metadata, metadataUrl);
        em.persist(connection);
        em.flush();
        trust(connection, metadata);
        audit.record("saml_connection.created", "saml_connection", connection.id().toString(), null,
                audited(connection));
        return connection;
    }

    public Listing.Page<SamlConnection> list(int limit, String cursor) {
        return Listing.page(em, SamlConnection.class, null, Map.of(), limit, cursor);
    }

    public SamlConnection find(UUID id) {
        SamlConnection connection = em.find(SamlConnection.class, id);
        if (connection == null) {
            throw new NotFound("SAML connection " + id);
        }
        return connection;
    }

    public List<SamlCertificate> certificates(UUID connectionId) {
        return em.createQuery("SELECT c FROM SamlCertificate c WHERE c.connectionId = :connection "
                + "ORDER BY c.notAfter", SamlCertificate.class).setParameter("connection", connectionId).getResultList();
    }

    /** Null leaves a field as it is; new metadata (XML or URL) replaces the trusted certificates. */
    public SamlConnection update(UUID id, Change change) {
        SamlConnection connection = find(id);
        JsonObject before = audited(connection);
        String idp = connection.idpEntityId();
        if (change.metadataXml() != null || change.metadataUrl() != null) {
            IdpMetadata metadata = metadata(change.metadataXml(), change.metadataUrl());
            describe(connection, metadata, change.metadataUrl());
            trust(connection, metadata);
        }
        if (change.name() != null) {
            connection.rename(change.name());
        }
        if (change.defaultRole() != null) {
            connection.grantOnFirstSignIn(change.defaultRole());
        }
        if (change.idpInitiated() != null) {
            connection.allowIdpInitiated(change.idpInitiated());
        }
        boolean disabled = Boolean.FALSE.equals(change.enabled()) && connection.enabled();
        if (change.enabled() != null) {
            connection.enable(change.enabled());
        }
        em.flush();
        audit.record("saml_connection.updated", "saml_connection", id.toString(), before, audited(connection));
        if (disabled) {
            sessions.endOpenedThrough(id, "saml_connection", "disabled");
        } else if (!Objects.equals(idp, connection.idpEntityId())) {
            sessions.endOpenedThrough(id, "saml_connection", "idp_changed");
        }
        return connection;
    }

    public void delete(UUID id) {
        SamlConnection connection = find(id);
        JsonObject before = audited(connection);
        em.remove(connection);
        em.flush();
        audit.record("saml_connection.deleted", "saml_connection", id.toString(), before, null);
        sessions.endOpenedThrough(id, "saml_connection", "deleted");
    }

    private IdpMetadata metadata(String xml, String url) {
        if ((xml == null) == (url == null)) {
            throw new MetadataRefused("Give the IdP metadata either as idp_metadata_xml or as idp_metadata_url");
        }
        return xml != null ? IdpMetadata.read(xml) : source.fetch(url);
    }

    private static void describe(SamlConnection connection, IdpMetadata metadata, String url) {
        connection.describeIdp(metadata.entityId(), metadata.ssoUrl(), metadata.wantsSignedRequests(), metadata.xml(),
                url, url == null ? null : OffsetDateTime.now());
    }

    /** The metadata's certificates become the connection's whole trusted set. */
    void trust(SamlConnection connection, IdpMetadata metadata) {
        em.createQuery("DELETE FROM SamlCertificate c WHERE c.connectionId = :connection")
                .setParameter("connection", connection.id()).executeUpdate();
        metadata.signingCertificates().stream().distinct().forEach(certificate ->
                em.persist(certificate(connection.id(), certificate)));
        em.flush();
    }

    static SamlCertificate certificate(UUID connectionId, X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new SamlCertificate(connectionId, der, sha256, certificate.getSubjectX500Principal().getName(),
                    certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new MetadataRefused("A signing certificate in the IdP metadata cannot be read");
        }
    }

    private JsonObject audited(SamlConnection connection) {
        var fields = JsonP.createObjectBuilder()
                .add("name", connection.name())
                .add("idp_entity_id", connection.idpEntityId())
                .add("idp_sso_url", connection.idpSsoUrl())
                .add("default_role", connection.defaultRole())
                .add("idp_initiated", connection.idpInitiated())
                .add("enabled", connection.enabled());
        if (connection.metadataUrl() != null) {
            fields.add("idp_metadata_url", connection.metadataUrl());
        }
        var certificates = JsonP.createArrayBuilder();
        certificates(connection.id()).forEach(certificate -> certificates.add(certificate.sha256()));
        return fields.add("certificate_sha256", certificates).build();
    }

    /** A PATCH: null fields stay as they are. */
    public record Change(String name, String metadataXml, String metadataUrl, String defaultRole,
            Boolean idpInitiated, Boolean enabled) {
    }
}
