package ai.humane.saml.boundary;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Rearrangements of a real signed response that an attacker can make without the IdP's key (XSW and friends). */
final class SamlMutations {

    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private SamlMutations() {
    }

    static String secondAssertion(String xml) {
        return change(xml, document -> {
            Element signed = assertion(document);
            document.getDocumentElement().appendChild(evil(signed, "_second"));
        });
    }

    static String unsigned(String xml) {
        return change(xml, document -> {
            NodeList signatures = document.getElementsByTagNameNS(DSIG, "Signature");
            while (signatures.getLength() > 0) {
                signatures.item(0).getParentNode().removeChild(signatures.item(0));
            }
        });
    }

    static String wrappedInExtensions(String xml) {
        return change(xml, document -> {
            Element response = document.getDocumentElement();
            Element signed = assertion(document);
            Element extensions = document.createElementNS(PROTOCOL, "samlp:Extensions");
            response.replaceChild(evil(signed, "_evil"), signed);
            extensions.appendChild(signed);
            response.insertBefore(extensions, document.getElementsByTagNameNS(PROTOCOL, "Status").item(0));
        });
    }

    static String swapped(String xml) {
        return change(xml, document -> {
            Element signed = assertion(document);
            Element evil = evil(signed, signed.getAttribute("ID"));
            // Keep the assertion's own signature in place: only the content changes.
            Node signature = signed.getElementsByTagNameNS(DSIG, "Signature").item(0);
            if (signature != null) {
                evil.insertBefore(evil.getOwnerDocument().importNode(signature, true),
                        evil.getElementsByTagNameNS(ASSERTION, "Subject").item(0));
            }
            signed.getParentNode().replaceChild(evil, signed);
        });
    }

    /** Another element claims the signed assertion's ID, so a reference "#ID" could resolve to either. */
    static String sameId(String xml) {
        return change(xml, document -> ((Element) document.getElementsByTagNameNS(PROTOCOL, "Status").item(0))
                .setAttribute("ID", assertion(document).getAttribute("ID")));
    }

    /** Moves the Conditions' {@code attribute} {@code seconds} from now. */
    static String conditions(String xml, String attribute, long seconds) {
        return change(xml, document -> ((Element) document.getElementsByTagNameNS(ASSERTION, "Conditions").item(0))
                .setAttribute(attribute, Instant.now().plusSeconds(seconds).toString()));
    }

    private static Element assertion(Document document) {
        return (Element) document.getElementsByTagNameNS(ASSERTION, "Assertion").item(0);
    }

    /** An unsigned copy of {@code signed} naming mallory, with the given ID. */
    private static Element evil(Element signed, String id) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", id);
        NodeList signatures = evil.getElementsByTagNameNS(DSIG, "Signature");
        while (signatures.getLength() > 0) {
            signatures.item(0).getParentNode().removeChild(signatures.item(0));
        }
        evil.getElementsByTagNameNS(ASSERTION, "NameID").item(0).setTextContent("mallory@acme.test");
        return evil;
    }

    private static String change(String xml, Consumer<Document> change) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            change.accept(document);
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
