package ai.humane.saml.control;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * SP-initiated login (S6): an AuthnRequest for the HTTP-Redirect binding, deflated and encoded, signed with
 * RSA-SHA256 over the query string when the IdP asks for signed requests. Its ID is 160 random bits; the
 * caller keeps it one-time for this connection and this browser, so the response's InResponseTo can be held to it.
 */
public final class AuthnRequests {

    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthnRequests() {
    }

    /** A fresh request id: {@code _} and 40 hex digits (XML IDs may not start with a digit). */
    public static String newId() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return "_" + HexFormat.of().formatHex(bits);
    }

    static String xml(String id, String idpSsoUrl, SpUrls sp, Instant now) {
        return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
                + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + id + "\" Version=\"2.0\" IssueInstant=\""
                + now.truncatedTo(ChronoUnit.SECONDS) + "\" Destination=\"" + escape(idpSsoUrl) + "\" "
                + "ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" AssertionConsumerServiceURL=\""
                + escape(sp.acsUrl()) + "\"><saml:Issuer>" + escape(sp.entityId()) + "</saml:Issuer>"
                + "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" "
                + "AllowCreate=\"true\"/></samlp:AuthnRequest>";
    }

    /** The URL that sends the browser to the IdP; {@code key} null means unsigned. */
    public static String redirect(String id, String idpSsoUrl, SpUrls sp, PrivateKey key) {
        String query = "SAMLRequest=" + encode(deflate(xml(id, idpSsoUrl, sp, Instant.now())));
        if (key != null) {
            query += "&SigAlg=" + encode(RSA_SHA256);
            query += "&Signature=" + encode(sign(query, key));
        }
        return idpSsoUrl + (idpSsoUrl.contains("?") ? "&" : "?") + query;
    }

    private static String deflate(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, true))) {
            deflater.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Deflating in memory cannot fail", e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String sign(String query, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(query.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The SAML SP key cannot sign", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
