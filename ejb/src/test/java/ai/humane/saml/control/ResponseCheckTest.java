package ai.humane.saml.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ACS's verdicts on responses signed in the test with xmlsec and a test key (S6). */
class ResponseCheckTest {

    private final ResponseCheck check = new ResponseCheck();

    private VerifiedAssertion verify(TestIdp idp, String encoded, String expectedRequestId) {
        return check.verify(ResponseDocument.read(encoded), idp.trust(), expectedRequestId);
    }

    private String refusal(Consumer<TestIdp> change) {
        TestIdp idp = TestIdp.named("idp");
        change.accept(idp);
        String encoded = idp.encoded();
        return assertThrows(SamlRefused.class, () -> verify(idp, encoded, "_req1")).detail();
    }

    @Test
    void acceptsAResponseSignedTwiceWithSha256AndAnswersTheWholeIdentity() {
        TestIdp idp = TestIdp.named("idp");
        VerifiedAssertion verified = verify(idp, idp.encoded(), "_req1");
        assertEquals("alice@corp.example", verified.subject());
        assertEquals("alice@corp.example", verified.email());
        assertEquals(idp.assertionId, verified.assertionId());
        assertEquals("_req1", verified.inResponseTo());
        assertTrue(verified.expiresAt().isAfter(idp.notOnOrAfter));
    }

    @Test
    void acceptsOnlyTheAssertionSignedOrOnlyTheResponseSigned() {
        TestIdp assertionOnly = TestIdp.named("idp");
        assertionOnly.signResponse = false;
        assertEquals("alice@corp.example", verify(assertionOnly, assertionOnly.encoded(), "_req1").subject());
        TestIdp responseOnly = TestIdp.named("idp");
        responseOnly.signAssertion = false;
        assertEquals("alice@corp.example", verify(responseOnly, responseOnly.encoded(), "_req1").subject());
    }

    @Test
    void refusesAResponseWithNeitherTheResponseNorTheAssertionSigned() {
        String detail = refusal(idp -> {
            idp.signResponse = false;
            idp.signAssertion = false;
        });
        assertTrue(detail.contains("No Signature found"), detail);
    }

    @Test
    void refusesSha1SignaturesAndSha1Digests() {
        assertTrue(refusal(idp -> idp.signatureMethod = TestIdp.RSA_SHA1).contains("signature algorithm"));
        assertTrue(refusal(idp -> idp.digestMethod = TestIdp.SHA1).contains("digest algorithm"));
    }

    @Test
    void refusesSha1SignaturesEvenWithoutTheDocumentCheckThroughOneLoginsOwnSetting() {
        TestIdp idp = TestIdp.named("idp");
        idp.signatureMethod = TestIdp.RSA_SHA1;
        idp.signResponse = false;
        var settings = ResponseCheck.settings(idp.trust());
        assertTrue(settings.getRejectDeprecatedAlg());
    }

    @Test
    void refusesASignatureByAKeyTheConnectionDoesNotTrust() {
        TestIdp stranger = TestIdp.named("other");
        TestIdp trusted = TestIdp.named("idp");
        String encoded = stranger.encoded();
        String detail = assertThrows(SamlRefused.class, () -> verify(trusted, encoded, "_req1")).detail();
        assertTrue(detail.contains("Signature validation failed"), detail);
    }

    @Test
    void acceptsEitherCertificateDuringARollover() throws Exception {
        TestIdp next = TestIdp.named("other");
        IdpTrust both = new IdpTrust(TestIdp.IDP, "https://idp.test/sso",
                List.of(TestIdp.certificate("idp-cert.pem"), TestIdp.certificate("other-cert.pem")), TestIdp.SP, TestIdp.ACS);
        assertEquals("alice@corp.example", check.verify(ResponseDocument.read(next.encoded()), both, "_req1").subject());
    }

    @Test
    void refusesTheWrongIssuerAudienceRecipientAndDestination() {
        assertTrue(refusal(idp -> idp.issuer = "https://evil.test/idp").contains("Invalid issuer"));
        assertTrue(refusal(idp -> idp.audience = "https://other-sp.test").contains("audience"));
        assertTrue(refusal(idp -> idp.recipient = "https://humane.test/api/v1/auth/saml/c2/acs")
                .contains("SubjectConfirmation"));
        assertTrue(refusal(idp -> idp.destination = "https://humane.test/api/v1/auth/saml/c2/acs")
                .contains("instead of"));
        assertTrue(refusal(idp -> idp.destination = null).contains("no Destination"));
    }

    @Test
    void refusesAnInResponseToOtherThanTheRequestIssuedForThisConnection() {
        assertTrue(refusal(idp -> idp.inResponseTo = "_someone_elses").contains("InResponseTo"));
        assertTrue(refusal(idp -> idp.inResponseTo = null).contains("InResponseTo"));
    }

    @Test
    void refusesAResponseClaimingToAnswerARequestWhenNoneWasIssued() {
        TestIdp idp = TestIdp.named("idp");
        String encoded = idp.encoded();
        assertTrue(assertThrows(SamlRefused.class, () -> verify(idp, encoded, null)).detail().contains("InResponseTo"));
    }

    @Test
    void refusesTimesOutsideTheWindowBeyondTheSkew() {
        assertTrue(refusal(idp -> idp.notOnOrAfter = Instant.now().minusSeconds(200)).contains("expired"));
        assertTrue(refusal(idp -> idp.notBefore = Instant.now().plusSeconds(200)).contains("not yet valid"));
    }

    @Test
    void acceptsTimesWithinTheSmallSkew() {
        TestIdp idp = TestIdp.named("idp");
        idp.notBefore = Instant.now().plusSeconds(60);
        assertEquals("alice@corp.example", verify(idp, idp.encoded(), "_req1").subject());
    }

    @Test
    void readsTheNameIdAsItsWholeTextWhenACommentSplitsIt() throws Exception {
        TestIdp idp = TestIdp.named("idp");
        idp.nameId = "alice@corp.example.evil.example";
        idp.email = "alice@corp.example.evil.example";
        String xml = TestIdp.serialize(idp.signed())
                .replace(">alice@corp.example.evil.example<", ">alice@corp.example<!---->.evil.example<");
        // Exclusive canonicalisation without comments: the signature still holds after the comment goes in.
        VerifiedAssertion verified = verify(idp, base64(xml), "_req1");
        assertEquals("alice@corp.example.evil.example", verified.subject());
        assertEquals("alice@corp.example.evil.example", verified.email());
    }

    @Test
    void refusesATamperedNameId() {
        TestIdp idp = TestIdp.named("idp");
        String xml = TestIdp.serialize(idp.signed()).replace(">alice@corp.example<", ">mallory@corp.example<");
        assertTrue(assertThrows(SamlRefused.class, () -> verify(idp, base64(xml), "_req1")).detail()
                .contains("Signature validation failed"));
    }

    @Test
    void refusesASecondEMailAddressRatherThanPickingOne() {
        String detail = refusal(idp -> idp.extraAttributes =
                "<saml:Attribute Name=\"email\"><saml:AttributeValue>mallory@corp.example</saml:AttributeValue></saml:Attribute>");
        assertTrue(detail.contains("more than one e-mail"), detail);
    }

    @Test
    void refusesDtdsAndExternalEntities() {
        TestIdp idp = TestIdp.named("idp");
        String xml = TestIdp.serialize(idp.signed()).replaceFirst("<\\?xml[^>]*\\?>", "");
        String entity = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml.replace(">alice@corp.example<", ">&x;<");
        String dtd = "<!DOCTYPE samlp:Response SYSTEM \"http://127.0.0.1:9/x.dtd\">" + xml;
        for (String bad : List.of(entity, dtd)) {
            assertTrue(assertThrows(SamlRefused.class, () -> ResponseDocument.read(base64(bad))).detail().contains("DTD"));
        }
    }

    @Test
    void refusesOversizedMissingAndMalformedInput() {
        String big = "A".repeat(ResponseDocument.MAX_ENCODED + 4);
        assertTrue(assertThrows(SamlRefused.class, () -> ResponseDocument.read(big)).detail().contains("larger"));
        assertThrows(SamlRefused.class, () -> ResponseDocument.read(""));
        assertThrows(SamlRefused.class, () -> ResponseDocument.read(null));
        assertTrue(assertThrows(SamlRefused.class, () -> ResponseDocument.read("%%%")).detail().contains("base64"));
        assertThrows(SamlRefused.class, () -> ResponseDocument.read(base64("<not-closed>")));
        assertTrue(assertThrows(SamlRefused.class, () -> ResponseDocument.read(base64("<a/>"))).detail()
                .contains("not a SAML 2.0 Response"));
    }

    static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }
}
