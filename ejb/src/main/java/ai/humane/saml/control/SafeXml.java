package ai.humane.saml.control;

import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * The one way SAML XML is read here (S6): namespace-aware, any DOCTYPE a fatal error (so no entity, internal
 * or external, and no DTD fetch), XInclude off, the JDK's secure-processing limits on. Unlike OneLogin's
 * parser, a feature the parser does not support fails the read instead of being skipped.
 */
final class SafeXml {

    private SafeXml() {
    }

    /** @throws SamlRefused naming {@code what} when the bytes are not well-formed XML without a DTD */
    static Document parse(byte[] xml, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new SamlRefused(what + " is not well-formed XML without a DTD");
        }
    }
}
