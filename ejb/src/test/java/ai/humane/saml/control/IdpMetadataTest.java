package ai.humane.saml.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Metadata the database would refuse is refused here, 400 {@code invalid-idp-metadata}, before anything is stored: the
 * entityID becomes the issuer of the connection's links ({@code sso_identities.issuer}, at most 500 characters, V20),
 * each signing certificate a row of {@code saml_certificates} (DER at most 16,384 bytes, subject at most 1,024
 * characters, V24), the sign-on URL {@code idp_sso_url} (at least 8 characters). Accepted by the reader and refused
 * by a CHECK, each was a 500 at creation, at every refresh, or (the entityID) at every sign-in.
 */
class IdpMetadataTest {

    private static final String SSO = "https://idp.test/sso";

    @Test
    void anEntityIdTheLinksCanHoldIsReadAndALongerOneRefused() throws Exception {
        String longest = "https://idp.test/" + "e".repeat(500 - "https://idp.test/".length());
        assertEquals(longest, IdpMetadata.read(metadata(longest, SSO, certificate("CN=idp", 0))).entityId());
        String refused = refusal(metadata(longest + "e", SSO, certificate("CN=idp", 0)));
        assertEquals("The IdP's entityID is longer than 500 characters", refused);
        assertEquals("The IdP's entityID is longer than 500 characters",
                refusal(metadata("https://idp.test/" + "e".repeat(600), SSO, certificate("CN=idp", 0))));
    }

    @Test
    void aSignOnUrlThatIsOnlyItsSchemeIsRefused() throws Exception {
        String certificate = certificate("CN=idp", 0);
        for (String location : new String[] {"http://", "https://"}) {
            assertEquals("The single sign-on URL names no host",
                    refusal(metadata("https://idp.test/e", location, certificate)), location);
        }
        assertEquals("http://i", IdpMetadata.read(metadata("https://idp.test/e", "http://i", certificate)).ssoUrl());
    }

    /**
     * A sign-on URL that is no URL (a space; a line break written as a character reference, which the XML attribute
     * keeps) is refused: the login's redirect cannot be built from it, and a stored one was a 500 at every login.
     * One with a query of its own is a URL like any other.
     */
    @Test
    void aSignOnUrlThatIsNoValidUrlIsRefused() throws Exception {
        String certificate = certificate("CN=idp", 0);
        for (String location : new String[] {"https://idp.test/sso path", "https://idp.test/sso&#13;&#10;Set-Cookie:x=1",
            "https://idp.test:port/sso"}) {
            assertEquals("The single sign-on URL is not a valid URL with a host",
                    refusal(metadata("https://idp.test/e", location, certificate)), location);
        }
        assertEquals(Optional.of("The single sign-on URL is not a valid URL with a host"),
                IdpMetadata.unusable("https://idp.test/e", "https://idp.test/a b"), "a connection stored before");
        assertEquals("https://idp.test/sso?tenant=a",
                IdpMetadata.read(metadata("https://idp.test/e", "https://idp.test/sso?tenant=a", certificate)).ssoUrl());
    }

    @Test
    void aCertificateLargerThanTheDatabaseKeepsIsRefused() throws Exception {
        assertEquals(1, IdpMetadata.read(metadata("https://idp.test/e", SSO, certificate("CN=idp", 15_000)))
                .signingCertificates().size());
        assertEquals("A signing certificate in the IdP metadata is larger than 16384 bytes",
                refusal(metadata("https://idp.test/e", SSO, certificate("CN=idp", 17_000))));
    }

    @Test
    void aCertificateWhoseSubjectIsLongerThanTheDatabaseKeepsIsRefused() throws Exception {
        String subject = subject(1024);
        X509Certificate longest = IdpMetadata.read(metadata("https://idp.test/e", SSO, certificate(subject, 0)))
                .signingCertificates().get(0);
        assertEquals(1024, longest.getSubjectX500Principal().getName().length());
        assertEquals("The subject of a signing certificate in the IdP metadata is longer than 1024 characters",
                refusal(metadata("https://idp.test/e", SSO, certificate(subject(1025), 0))));
    }

    /** A distinguished name of {@code length} characters as RFC 2253 writes it: OUs of 60, then a CN of the rest. */
    private static String subject(int length) {
        StringBuilder name = new StringBuilder();
        while (length - name.length() > "CN=".length() + 64) {
            name.append("OU=").append("o".repeat(60)).append(',');
        }
        String rest = "c".repeat(length - name.length() - "CN=".length());
        return name.append("CN=").append(rest).toString();
    }

    private static String refusal(String xml) {
        MetadataRefused refused = assertThrows(MetadataRefused.class, () -> IdpMetadata.read(xml));
        assertEquals(400, refused.status());
        assertEquals("invalid-idp-metadata", refused.slug());
        return refused.detail();
    }

    private static String metadata(String entityId, String location, String certificate) {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + certificate
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"" + IdpMetadata.REDIRECT + "\" Location=\"" + location + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** A self-signed certificate (base64 DER) for {@code subject}, grown by an extension of {@code padding} bytes. */
    private static String certificate(String subject, int padding) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
        if (padding > 0) {
            builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"), false,
                    new DEROctetString(new byte[padding]));
        }
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return Base64.getEncoder().encodeToString(certificate.getEncoded());
    }
}
