package ai.humane.saml.control;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * This service provider's metadata for one connection (S6), what a tenant gives its IdP: the entity id, the ACS
 * (HTTP-POST), e-mail NameIDs, signed assertions wanted, and the SP certificate when requests are signed.
 */
public final class SpMetadata {

    private SpMetadata() {
    }

    public static String xml(SpUrls sp, X509Certificate signing) {
        String key = signing == null ? "" : "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + base64(signing) + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + AuthnRequests.escape(sp.entityId()) + "\">"
                + "<md:SPSSODescriptor AuthnRequestsSigned=\"" + (signing != null) + "\" WantAssertionsSigned=\"true\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + key
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + AuthnRequests.escape(sp.acsUrl()) + "\" index=\"0\" isDefault=\"true\"/>"
                + "</md:SPSSODescriptor></md:EntityDescriptor>";
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("The SAML SP certificate cannot be encoded", e);
        }
    }
}
