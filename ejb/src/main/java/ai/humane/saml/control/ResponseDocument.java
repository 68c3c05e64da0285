package ai.humane.saml.control;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A posted SAMLResponse, read before any signature is checked (S6). It is refused when it is larger than
 * {@link #MAX_ENCODED} characters, declares a DTD (entities and XXE cannot get in), is not one protocol
 * Response carrying exactly one plain Assertion as its child, reuses an ID (the lever of signature
 * wrapping), lacks a Destination, or names a signature or digest algorithm outside SHA-256 and stronger.
 * OneLogin's validator refuses SHA-1 signature methods but not SHA-1 digests, and accepts a missing
 * Destination: those checks live here.
 */
public final class ResponseDocument {

    /** Encoded characters: ~190 KB of XML, far above what an IdP sends for one person. */
    public static final int MAX_ENCODED = 256 * 1024;

    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private static final Set<String> SIGNATURE_METHODS = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
    private static final Set<String> DIGEST_METHODS = Set.of("http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "http://www.w3.org/2001/04/xmlenc#sha512");

    private final String encoded;
    private final Element root;

    private ResponseDocument(String encoded, Element root) {
        this.encoded = encoded;
        this.root = root;
    }

    public static ResponseDocument read(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new SamlRefused("SAMLResponse is missing");
        }
        if (encoded.length() > MAX_ENCODED) {
            throw new SamlRefused("SAMLResponse is larger than " + MAX_ENCODED + " characters");
        }
        String compact = encoded.replaceAll("\\s", "");
        ResponseDocument document = new ResponseDocument(compact, SafeXml.parse(decode(compact), "SAMLResponse").getDocumentElement());
        document.checkShape();
        document.checkIds();
        document.checkAlgorithms();
        return document;
    }

    /** The request this response claims to answer; trusted only once the signatures have been checked. */
    public String inResponseTo() {
        return root.hasAttribute("InResponseTo") ? root.getAttribute("InResponseTo") : null;
    }

    String encoded() {
        return encoded;
    }

    private static byte[] decode(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new SamlRefused("SAMLResponse is not base64");
        }
    }

    private void checkShape() {
        if (!PROTOCOL.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw new SamlRefused("SAMLResponse is not a SAML 2.0 Response");
        }
        if (root.getAttribute("Destination").isEmpty()) {
            throw new SamlRefused("The Response names no Destination");
        }
        Document document = root.getOwnerDocument();
        if (document.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion").getLength() != 0) {
            throw new SamlRefused("Encrypted assertions are not accepted");
        }
        NodeList assertions = document.getElementsByTagNameNS(ASSERTION, "Assertion");
        if (assertions.getLength() != 1 || assertions.item(0).getParentNode() != root) {
            throw new SamlRefused("The Response must carry exactly one Assertion, as its child");
        }
    }

    private void checkIds() {
        Set<String> seen = new HashSet<>();
        NodeList all = root.getOwnerDocument().getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Node attribute = attributes.item(a);
                String name = attribute.getLocalName() == null ? attribute.getNodeName() : attribute.getLocalName();
                if (("ID".equals(name) || "Id".equals(name) || "AssertionID".equals(name))
                        && !seen.add(attribute.getNodeValue())) {
                    throw new SamlRefused("An ID appears twice in the Response");
                }
            }
        }
    }

    private void checkAlgorithms() {
        Document document = root.getOwnerDocument();
        requireAll(document.getElementsByTagNameNS(DSIG, "SignatureMethod"), SIGNATURE_METHODS, "signature");
        requireAll(document.getElementsByTagNameNS(DSIG, "DigestMethod"), DIGEST_METHODS, "digest");
    }

    private static void requireAll(NodeList methods, Set<String> allowed, String what) {
        for (int i = 0; i < methods.getLength(); i++) {
            String algorithm = ((Element) methods.item(i)).getAttribute("Algorithm");
            if (!allowed.contains(algorithm)) {
                throw new SamlRefused("The " + what + " algorithm " + algorithm.substring(
                        Math.max(0, algorithm.length() - 40)) + " is not accepted (SHA-256 or stronger only)");
            }
        }
    }
}
