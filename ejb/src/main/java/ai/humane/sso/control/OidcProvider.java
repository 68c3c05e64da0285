package ai.humane.sso.control;

/**
 * An OpenID provider this instance signs people in with: Google from the environment, or a tenant's own
 * connection. {@code key} is how URLs name it ({@code google}, or the connection's id).
 */
public record OidcProvider(String key, IdentitySource source, String clientId, String clientSecret) {

    public String issuer() {
        return source.issuer();
    }

    @Override
    public String toString() {
        return "OidcProvider[" + key + ", " + source.issuer() + ", client " + clientId + ", secret redacted]";
    }
}
