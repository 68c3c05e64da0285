package ai.humane.saml.control;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one connection trusts and where it listens: the IdP's entity id and signing certificates (several
 * during a key rollover), and this service provider's entity id and ACS URL for that connection. It comes
 * from the connection the browser posted to, never from the response's Issuer or KeyInfo.
 */
public record IdpTrust(String idpEntityId, String idpSsoUrl, List<X509Certificate> signingCertificates,
        String spEntityId, String acsUrl) {

    public IdpTrust {
        if (signingCertificates == null || signingCertificates.isEmpty()) {
            throw new IllegalArgumentException("A SAML connection needs at least one IdP signing certificate");
        }
        signingCertificates = List.copyOf(signingCertificates);
    }
}
