package ai.humane.saml.control;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies a posted response for one connection (S6): {@link ResponseDocument}'s checks first, then
 * OneLogin's strict validation (signatures over the consumed elements only, one Reference per signature
 * pointing at its parent's ID, issuer, audience, Destination, Recipient, InResponseTo, NotBefore and
 * NotOnOrAfter within three minutes of skew, schema, SHA-1 signature methods refused). A response answering
 * no request of ours ({@code expectedRequestId == null}) passes only when it carries no InResponseTo at all;
 * whether such IdP-initiated logins are allowed is the connection's decision, made by the caller.
 */
public class ResponseCheck {

    private static final Logger LOG = Logger.getLogger(ResponseCheck.class.getName());

    static final List<String> EMAIL_ATTRIBUTES = List.of("email", "emailaddress", "mail",
            "urn:oid:0.9.2342.19200300.100.1.3", "urn:oid:1.2.840.113549.1.9.1",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");
    private static final String EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    public VerifiedAssertion verify(ResponseDocument document, IdpTrust trust, String expectedRequestId) {
        SamlResponse response;
        try {
            response = new SamlResponse(settings(trust), trust.acsUrl(), document.encoded());
        } catch (Exception e) {
            throw new SamlRefused("SAMLResponse could not be read");
        }
        if (!response.isValid(expectedRequestId)) {
            LOG.log(Level.FINE, "SAML response refused: {0}", response.getError());
            throw new SamlRefused(response.getError());
        }
        try {
            return new VerifiedAssertion(response.getAssertionId(), document.inResponseTo(), subject(response),
                    email(response), expiry(response));
        } catch (SamlRefused e) {
            throw e;
        } catch (Exception e) {
            LOG.log(Level.FINE, "The subject of a verified SAML response could not be read", e);
            throw new SamlRefused("The assertion's subject could not be read");
        }
    }

    static Saml2Settings settings(IdpTrust trust) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, trust.spEntityId());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, trust.acsUrl());
        values.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, trust.idpEntityId());
        values.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, trust.idpSsoUrl());
        for (int i = 0; i < trust.signingCertificates().size(); i++) {
            values.put(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + i, trust.signingCertificates().get(i));
        }
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        values.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, true);
        // Trimming would make " alice@x" and "alice@x" one account; the NameID is taken exactly as signed.
        values.put(SettingsBuilder.PARSING_TRIM_NAME_IDS, false);
        values.put(SettingsBuilder.PARSING_TRIM_ATTRIBUTE_VALUES, false);
        // IdPs repeat an attribute per value (Keycloak's role list does); the values are joined, and an e-mail
        // attribute that so ends up with two values is refused below rather than one of them picked.
        values.put(SettingsBuilder.SECURITY_ALLOW_REPEAT_ATTRIBUTE_NAME_PROPERTY_KEY, true);
        return new SettingsBuilder().fromValues(values).build();
    }

    // getTextContent joins every text node of the element and skips comments, so
    // "alice@corp.example<!---->.evil.example" is read whole, never as "alice@corp.example".
    private static String subject(SamlResponse response) throws Exception {
        String nameId = response.getNameId();
        if (nameId == null || nameId.isBlank() || nameId.length() > 512) {
            throw new SamlRefused("The assertion names no usable subject");
        }
        return nameId;
    }

    private static String email(SamlResponse response) throws Exception {
        Map<String, List<String>> attributes = response.getAttributes();
        for (String name : EMAIL_ATTRIBUTES) {
            List<String> values = attributes.get(name);
            if (values != null) {
                if (values.size() != 1) {
                    throw new SamlRefused("The assertion carries more than one e-mail address");
                }
                return values.get(0);
            }
        }
        if (EMAIL_FORMAT.equals(response.getNameIdFormat())) {
            return response.getNameId();
        }
        throw new SamlRefused("The assertion carries no e-mail address");
    }

    private static Instant expiry(SamlResponse response) throws Exception {
        Instant latest = response.getAssertionNotOnOrAfter().stream().map(at -> Instant.ofEpochMilli(at.getMillis()))
                .max(Comparator.naturalOrder()).orElse(Instant.now().plusSeconds(600));
        // Kept past the skew the validator allows, so a replay is caught for as long as it could pass.
        return latest.plusSeconds(180);
    }
}
