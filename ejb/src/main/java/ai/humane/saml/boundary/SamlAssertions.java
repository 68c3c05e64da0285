package ai.humane.saml.boundary;

import ai.humane.accounts.control.SignInStep;
import ai.humane.saml.control.IdpTrust;
import ai.humane.saml.control.ResponseCheck;
import ai.humane.saml.control.ResponseDocument;
import ai.humane.saml.control.SamlRefused;
import ai.humane.saml.control.SpUrls;
import ai.humane.saml.control.VerifiedAssertion;
import ai.humane.saml.entity.SamlCertificate;
import ai.humane.saml.entity.SamlConnection;
import ai.humane.sso.boundary.SsoSignIn;
import ai.humane.sso.control.IdentitySource;
import ai.humane.sso.control.SsoProtocol;
import ai.humane.sso.control.VerifiedIdentity;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.entity.Role;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

/**
 * The ACS (S6): checks a posted response against the connection its URL names, never the response's Issuer
 * or KeyInfo; consumes the request id it answers (one-time, this connection, this browser); refuses an
 * assertion id seen before (cluster-wide, in PostgreSQL); then signs in through {@link SsoSignIn}. All in one
 * transaction: a refusal anywhere stores nothing and opens no session.
 */
@Stateless
public class SamlAssertions {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    SsoSignIn signIn;

    private final ResponseCheck check = new ResponseCheck();

    public SignInStep signIn(UUID connectionId, SpUrls sp, String samlResponse, byte[] browserHash, String clientIp,
            String userAgent) {
        // The connection first: a post to an ACS URL of no connection costs a key look-up, not an XML parse.
        SamlConnection connection = connection(connectionId);
        ResponseDocument document = ResponseDocument.read(samlResponse);
        String expectedRequest = consumeRequest(connection, document.inResponseTo(), browserHash);
        VerifiedAssertion assertion = check.verify(document, trust(connection, sp), expectedRequest);
        remember(connection, assertion);
        IdentitySource source = IdentitySource.connection(SsoProtocol.SAML, connection.idpEntityId(),
                tenantOf(connectionId), connectionId, Role.of(connection.defaultRole()).orElse(Role.MEMBER));
        // SAML has no standard e-mail-verified claim: the tenant's own IdP vouches, within its verified domains.
        // An IdP-initiated response answers no request of ours: whichever page posted it, it is confirmed first.
        return signIn.signIn(new VerifiedIdentity(source, assertion.subject(), assertion.email(), true), null,
                clientIp, userAgent, expectedRequest == null);
    }

    private SamlConnection connection(UUID connectionId) {
        try {
            return SamlLogins.signingIn(SamlLogins.connection(em, connectionId));
        } catch (NotFound e) {
            throw new SamlRefused("No SAML connection has this ACS URL");
        }
    }

    private UUID tenantOf(UUID connectionId) {
        return SamlLogins.tenantOf(em, connectionId);
    }

    /** The request id the response answers, taken once; null for an IdP-initiated response the connection allows. */
    private String consumeRequest(SamlConnection connection, String inResponseTo, byte[] browserHash) {
        if (inResponseTo == null) {
            if (!connection.idpInitiated()) {
                throw new SamlRefused("IdP-initiated sign-in is off for this connection");
            }
            return null;
        }
        int taken = browserHash == null ? 0 : em.createNativeQuery("DELETE FROM saml_requests WHERE id = ?1 "
                        + "AND connection_id = ?2 AND browser_hash = ?3 AND expires_at > now()")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, inResponseTo).setParameter(2, connection.id()).setParameter(3, browserHash)
                .executeUpdate();
        if (taken != 1) {
            throw new SamlRefused("The response answers no request this browser started with this connection");
        }
        return inResponseTo;
    }

    private void remember(SamlConnection connection, VerifiedAssertion assertion) {
        int stored = em.createNativeQuery("INSERT INTO saml_assertions_seen (connection_id, assertion_id, tenant_id, "
                        + "expires_at) VALUES (?1, ?2, humane_current_tenant(), ?3) ON CONFLICT DO NOTHING")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, connection.id()).setParameter(2, assertion.assertionId())
                .setParameter(3, Timestamp.from(assertion.expiresAt())).executeUpdate();
        if (stored != 1) {
            throw new SamlRefused("This assertion was used before");
        }
    }

    private IdpTrust trust(SamlConnection connection, SpUrls sp) {
        List<X509Certificate> certificates = em.createQuery("SELECT c FROM SamlCertificate c WHERE c.connectionId = "
                        + ":connection", SamlCertificate.class).setParameter("connection", connection.id())
                .getResultList().stream().map(SamlAssertions::x509).toList();
        return new IdpTrust(connection.idpEntityId(), connection.idpSsoUrl(), certificates, sp.entityId(), sp.acsUrl());
    }

    private static X509Certificate x509(SamlCertificate certificate) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.der()));
        } catch (CertificateException e) {
            throw new IllegalStateException("A stored SAML certificate cannot be read", e);
        }
    }
}
