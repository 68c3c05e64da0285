package ai.humane.saml.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signature wrapping (XSW): a validly signed element is kept somewhere in the document while the element
 * the service provider consumes is the attacker's. Each variant is built from a response signed in the test.
 */
class SignatureWrappingTest {

    private final ResponseCheck check = new ResponseCheck();

    private String refusal(boolean signResponse, BiConsumer<Element, Element> wrap) {
        TestIdp idp = TestIdp.named("idp");
        idp.signResponse = signResponse;
        Document document = idp.signed();
        Element response = document.getDocumentElement();
        Element signed = assertion(response);
        wrap.accept(response, signed);
        String encoded = TestIdp.encode(document);
        return assertThrows(SamlRefused.class,
                () -> check.verify(ResponseDocument.read(encoded), idp.trust(), "_req1")).detail();
    }

    private static Element assertion(Element response) {
        return (Element) response.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Assertion").item(0);
    }

    /** An unsigned copy of the signed assertion naming mallory, with the given ID. */
    private static Element evil(Element signed, String id) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", id);
        Element signature = (Element) evil.getElementsByTagNameNS(ResponseDocument.DSIG, "Signature").item(0);
        if (signature != null) {
            evil.removeChild(signature);
        }
        evil.getElementsByTagNameNS(ResponseDocument.ASSERTION, "NameID").item(0).setTextContent("mallory@corp.example");
        return evil;
    }

    @Test
    void refusesAnUnsignedAssertionPlacedBeforeTheSignedOne() {
        String detail = refusal(false, (response, signed) -> response.insertBefore(evil(signed, "_evil"), signed));
        assertTrue(detail.contains("exactly one Assertion"), detail);
    }

    @Test
    void refusesTheSignedAssertionMovedIntoExtensionsWithAnotherInItsPlace() {
        String detail = refusal(false, (response, signed) -> {
            Element extensions = response.getOwnerDocument().createElementNS(ResponseDocument.PROTOCOL, "samlp:Extensions");
            response.replaceChild(evil(signed, "_evil"), signed);
            extensions.appendChild(signed);
            response.insertBefore(extensions, response.getElementsByTagNameNS(ResponseDocument.PROTOCOL, "Status").item(0));
        });
        assertTrue(detail.contains("exactly one Assertion"), detail);
    }

    @Test
    void refusesAnAttackersAssertionReusingTheSignedAssertionsId() {
        String detail = refusal(false, (response, signed) -> {
            Element evil = evil(signed, signed.getAttribute("ID"));
            response.replaceChild(evil, signed);
            evil.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Subject").item(0).appendChild(signed);
        });
        assertTrue(detail.contains("exactly one Assertion") || detail.contains("ID appears twice"), detail);
    }

    @Test
    void refusesTheSignedAssertionHiddenInTheSignatureObject() {
        String detail = refusal(true, (response, signed) -> {
            Element signature = (Element) response.getElementsByTagNameNS(ResponseDocument.DSIG, "Signature").item(0);
            Element object = response.getOwnerDocument().createElementNS(ResponseDocument.DSIG, "ds:Object");
            response.replaceChild(evil(signed, "_evil"), signed);
            object.appendChild(signed);
            signature.appendChild(object);
        });
        assertTrue(detail.contains("exactly one Assertion"), detail);
    }

    @Test
    void refusesAnAssertionSwappedUnderASignedResponse() {
        String detail = refusal(true, (response, signed) -> {
            Element evil = evil(signed, "_evil");
            response.replaceChild(evil, signed);
        });
        assertTrue(detail.contains("Signature validation failed"), detail);
    }

    @Test
    void refusesASignatureWhoseReferenceIsNotItsParent() {
        String detail = refusal(false, (response, signed) -> {
            Element signature = (Element) signed.getElementsByTagNameNS(ResponseDocument.DSIG, "Signature").item(0);
            Element evil = evil(signed, "_evil");
            // The assertion's valid signature now sits in the attacker's assertion, still pointing at the original.
            evil.insertBefore(signature, evil.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Subject").item(0));
            response.replaceChild(evil, signed);
        });
        assertTrue(detail.contains("invalid Signed Element"), detail);
    }

    @Test
    void refusesASignatureOnAnElementOtherThanTheResponseOrTheAssertion() {
        String detail = refusal(false, (response, signed) -> {
            Element signature = (Element) signed.getElementsByTagNameNS(ResponseDocument.DSIG, "Signature").item(0);
            Element subject = (Element) signed.getElementsByTagNameNS(ResponseDocument.ASSERTION, "Subject").item(0);
            subject.setAttribute("ID", "_subject");
            subject.insertBefore(signature, subject.getFirstChild());
        });
        assertTrue(detail.contains("Invalid Signature Element"), detail);
    }
}
