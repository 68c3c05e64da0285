package ai.humane.saml.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A test identity provider: writes a response the way Keycloak does and signs it with xmlsec and a test key
 * (src/test/resources/saml). Fields are the knobs the refusal tests turn before signing; the web tests use it as an
 * IdP that says whatever its owner wants (a tenant's own IdP, as far as Humane knows).
 */
public final class TestIdp {

    static final String ACS = "https://humane.test/api/v1/auth/saml/c1/acs";
    static final String SP = "https://humane.test/api/v1/auth/saml/c1/metadata";
    static final String IDP = "https://idp.test/realms/corp";
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

    final PrivateKey key;
    final X509Certificate certificate;
    public String destination = ACS;
    public String issuer = IDP;
    public String audience = SP;
    public String recipient = ACS;
    public String inResponseTo = "_req1";
    public String nameId = "alice@corp.example";
    public String email = "alice@corp.example";
    Instant notBefore = Instant.now().minusSeconds(30);
    Instant notOnOrAfter = Instant.now().plusSeconds(300);
    boolean signResponse = true;
    boolean signAssertion = true;
    String signatureMethod = RSA_SHA256;
    String digestMethod = SHA256;
    String assertionId = "_a" + System.nanoTime();
    /** Attributes after the e-mail, as an IdP adds them (Keycloak repeats "Role" once per role). */
    String extraAttributes = "<saml:Attribute Name=\"Role\"><saml:AttributeValue>a</saml:AttributeValue></saml:Attribute>"
            + "<saml:Attribute Name=\"Role\"><saml:AttributeValue>b</saml:AttributeValue></saml:Attribute>";

    private TestIdp(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    public static TestIdp named(String name) {
        try {
            return new TestIdp(key(name + "-key.pem"), certificate(name + "-cert.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String resource) throws Exception {
        try (InputStream in = TestIdp.class.getResourceAsStream("/saml/" + resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey key(String resource) throws Exception {
        try (InputStream in = TestIdp.class.getResourceAsStream("/saml/" + resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    IdpTrust trust() {
        return new IdpTrust(IDP, "https://idp.test/realms/corp/protocol/saml", java.util.List.of(certificate), SP, ACS);
    }

    String xml() {
        String responseTo = inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"";
        String destinationAttribute = destination == null ? "" : " Destination=\"" + destination + "\"";
        Instant now = Instant.now();
        return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
                + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r" + System.nanoTime()
                + "\" Version=\"2.0\" IssueInstant=\"" + now + "\"" + destinationAttribute + responseTo + ">"
                + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + assertionId + "\" Version=\"2.0\" IssueInstant=\"" + now + "\">"
                + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">"
                + nameId + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData" + responseTo + " NotOnOrAfter=\"" + notOnOrAfter
                + "\" Recipient=\"" + recipient + "\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + notBefore + "\" NotOnOrAfter=\"" + notOnOrAfter + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + audience + "</saml:Audience></saml:AudienceRestriction>"
                + "</saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + now + "\" SessionIndex=\"s1\"><saml:AuthnContext>"
                + "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef>"
                + "</saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement><saml:Attribute Name=\"email\"><saml:AttributeValue>" + email
                + "</saml:AttributeValue></saml:Attribute>" + extraAttributes + "</saml:AttributeStatement>"
                + "</saml:Assertion></samlp:Response>";
    }

    /** The signed response as a DOM, for tests that rearrange it after signing. */
    Document signed() {
        try {
            Document document = parse(xml());
            Element response = document.getDocumentElement();
            Element assertion = (Element) response.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Assertion").item(0);
            if (signAssertion) {
                sign(assertion);
            }
            if (signResponse) {
                sign(response);
            }
            return document;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String encoded() {
        return encode(signed());
    }

    private void sign(Element element) throws Exception {
        Document document = element.getOwnerDocument();
        element.setIdAttributeNS(null, "ID", true);
        XMLSignature signature = new XMLSignature(document, "", signatureMethod, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        Element issuerElement = (Element) element.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Issuer").item(0);
        element.insertBefore(signature.getElement(), issuerElement.getNextSibling());
        Transforms transforms = new Transforms(document);
        transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#" + element.getAttribute("ID"), transforms, digestMethod);
        signature.addKeyInfo(certificate);
        signature.sign(key);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String encode(Document document) {
        return Base64.getEncoder().encodeToString(serialize(document).getBytes(StandardCharsets.UTF_8));
    }

    static String serialize(Document document) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        org.apache.xml.security.Init.init();
    }

}
