package ai.humane.sso.control;

/** The protocols an identity can arrive by; each has its own callback in the authentication mechanism. */
public enum SsoProtocol {
    OIDC, SAML
}
