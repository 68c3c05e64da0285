package ai.humane.saml.control;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an IdP's SAML metadata says that a connection needs: its entity id, where its HTTP-Redirect
 * single sign-on service is, whether it wants signed AuthnRequests, and its signing certificates (all of
 * them: a rollover publishes two). A document naming more than one IdP, or none, is refused: the tenant
 * must give the one it means. So is one the database could not keep (400, not a 500 at creation, at each refresh
 * or at each sign-in): the limits below are its CHECKs.
 */
public record IdpMetadata(String entityId, String ssoUrl, boolean wantsSignedRequests,
        List<X509Certificate> signingCertificates, String xml) {

    public static final int MAX_BYTES = 256 * 1024;
    /** The entityID is the issuer of every identity the connection links: {@code sso_identities.issuer} (V20). */
    static final int MAX_ENTITY_ID = 500;
    /** A signing certificate as {@code saml_certificates} keeps it (V24): its DER, and its subject's name. */
    static final int MAX_CERTIFICATE_BYTES = 16_384;
    static final int MAX_SUBJECT = 1024;
    static final String METADATA = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

    public static IdpMetadata read(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new MetadataRefused("The IdP metadata is empty");
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new MetadataRefused("The IdP metadata is larger than " + MAX_BYTES + " bytes");
        }
        Element idp = idpDescriptor(parse(bytes));
        Element entity = (Element) idp.getParentNode();
        String entityId = entity.getAttribute("entityID");
        if (entityId.isBlank()) {
            throw new MetadataRefused("The IdP metadata names no usable entityID");
        }
        String ssoUrl = ssoUrl(idp);
        unusable(entityId, ssoUrl).ifPresent(reason -> {
            throw new MetadataRefused(reason);
        });
        return new IdpMetadata(entityId, ssoUrl, Boolean.parseBoolean(idp.getAttribute("WantAuthnRequestsSigned")),
                certificates(idp), xml);
    }

    /**
     * Why a connection describing its IdP so cannot sign anyone in, or empty when it can: an entityID no link can
     * hold as its issuer, or a sign-on URL of its scheme alone or no valid URL at all. New metadata saying either is refused above; a
     * connection stored before these checks still holds it (V47 marked those), and its sign-ins are refused by this.
     */
    public static Optional<String> unusable(String entityId, String ssoUrl) {
        if (characters(entityId) > MAX_ENTITY_ID) {
            return Optional.of("The IdP's entityID is longer than " + MAX_ENTITY_ID + " characters");
        }
        if (ssoUrl.endsWith("://")) {
            return Optional.of("The single sign-on URL names no host");
        }
        if (!aUrlWithAHost(ssoUrl)) {
            // A space or a control character (an XML attribute keeps one written as a character reference): the login's
            // redirect could not be built from it, and was a 500.
            return Optional.of("The single sign-on URL is not a valid URL with a host");
        }
        return Optional.empty();
    }

    private static boolean aUrlWithAHost(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static org.w3c.dom.Document parse(byte[] bytes) {
        try {
            return SafeXml.parse(bytes, "The IdP metadata");
        } catch (SamlRefused e) {
            throw new MetadataRefused(e.detail());
        }
    }

    private static Element idpDescriptor(org.w3c.dom.Document document) {
        NodeList descriptors = document.getElementsByTagNameNS(METADATA, "IDPSSODescriptor");
        if (descriptors.getLength() != 1) {
            throw new MetadataRefused("The metadata must describe exactly one identity provider, found "
                    + descriptors.getLength());
        }
        Element idp = (Element) descriptors.item(0);
        if (!(idp.getParentNode() instanceof Element entity) || !"EntityDescriptor".equals(entity.getLocalName())) {
            throw new MetadataRefused("The IDPSSODescriptor is not inside an EntityDescriptor");
        }
        return idp;
    }

    private static String ssoUrl(Element idp) {
        NodeList services = idp.getElementsByTagNameNS(METADATA, "SingleSignOnService");
        for (int i = 0; i < services.getLength(); i++) {
            Element service = (Element) services.item(i);
            String location = service.getAttribute("Location");
            if (REDIRECT.equals(service.getAttribute("Binding")) && location.startsWith("https://")
                    || REDIRECT.equals(service.getAttribute("Binding")) && location.startsWith("http://")) {
                if (location.length() > 2048) {
                    throw new MetadataRefused("The single sign-on URL is longer than 2048 characters");
                }
                return location;
            }
        }
        throw new MetadataRefused("The IdP offers no HTTP-Redirect single sign-on service");
    }

    private static List<X509Certificate> certificates(Element idp) {
        List<X509Certificate> certificates = new ArrayList<>();
        NodeList keys = idp.getElementsByTagNameNS(METADATA, "KeyDescriptor");
        for (int i = 0; i < keys.getLength() && certificates.size() < 10; i++) {
            Element key = (Element) keys.item(i);
            if ("encryption".equals(key.getAttribute("use"))) {
                continue;
            }
            NodeList values = key.getElementsByTagNameNS(ResponseDocument.DSIG, "X509Certificate");
            for (int v = 0; v < values.getLength(); v++) {
                certificates.add(certificate(values.item(v).getTextContent()));
            }
        }
        if (certificates.isEmpty()) {
            throw new MetadataRefused("The IdP metadata holds no signing certificate");
        }
        return List.copyOf(certificates);
    }

    static X509Certificate certificate(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (certificate.getEncoded().length > MAX_CERTIFICATE_BYTES) {
                throw new MetadataRefused("A signing certificate in the IdP metadata is larger than "
                        + MAX_CERTIFICATE_BYTES + " bytes");
            }
            if (characters(certificate.getSubjectX500Principal().getName()) > MAX_SUBJECT) {
                throw new MetadataRefused("The subject of a signing certificate in the IdP metadata is longer than "
                        + MAX_SUBJECT + " characters");
            }
            return certificate;
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            throw new MetadataRefused("A signing certificate in the IdP metadata cannot be read");
        }
    }

    /** Characters as PostgreSQL's {@code length} counts them (code points, not UTF-16 units). */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
