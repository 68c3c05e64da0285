package ai.humane.saml.control;

import java.util.UUID;

/**
 * This service provider's URLs for one connection, under PUBLIC_BASE_URL (S6). Each connection is its own
 * SP: its entity id is its metadata URL, so an assertion minted for one connection names another audience
 * than any other connection's, and its ACS URL is the connection the response is checked against.
 */
public record SpUrls(String entityId, String acsUrl, String loginUrl) {

    public static SpUrls of(String publicBaseUrl, UUID connectionId) {
        String base = (publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/") + "api/v1/auth/saml/"
                + connectionId + "/";
        return new SpUrls(base + "metadata", base + "acs", base + "login");
    }
}
