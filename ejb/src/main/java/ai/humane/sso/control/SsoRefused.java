package ai.humane.sso.control;

import ai.humane.problems.control.Problem;

/**
 * An SSO sign-in refused after (or while) the provider vouched: the callback stores nothing and opens no session.
 * Each reason has its own problem type, so a person or an operator can tell what to fix.
 */
public class SsoRefused extends Problem {

    private SsoRefused(int status, String slug, String title, String detail) {
        super(status, slug, title, detail);
    }

    /** The state, nonce or PKCE binding is missing, foreign, expired or used: a replay or a cross-browser callback. */
    public static SsoRefused flowNotRecognised() {
        return new SsoRefused(400, "sso-flow-invalid", "Sign-in flow not recognised",
                "This sign-in was not started in this browser, has expired, or was already used; start again");
    }

    /** A sign-in started from another site's link or form (login CSRF), not from this site. */
    public static SsoRefused startedElsewhere() {
        return new SsoRefused(400, "sso-flow-invalid", "Sign-in flow not recognised",
                "A sign-in starts on this site's sign-in page, not from a link on another site; start again there");
    }

    /** The provider's answer failed a protocol check (signature, issuer, audience, times, nonce). */
    public static SsoRefused providerAnswerInvalid() {
        return new SsoRefused(401, "sso-answer-invalid", "Identity provider answer not valid",
                "The identity provider's answer could not be verified");
    }

    /** The provider refused, or the user cancelled, at the provider. */
    public static SsoRefused providerError() {
        return new SsoRefused(401, "sso-provider-error", "Identity provider did not sign you in",
                "The identity provider answered with an error instead of a sign-in");
    }

    /** Linking needs a verified e-mail on both sides: no silent merge of accounts. */
    public static SsoRefused emailNotVerified() {
        return new SsoRefused(409, "sso-email-unverified", "E-mail not verified",
                "This identity can be linked to an account only when both the identity provider and Humane have verified its e-mail");
    }

    /** Nobody with this e-mail may sign in here: no account, no invitation, no just-in-time provisioning. */
    public static SsoRefused noAccount() {
        return new SsoRefused(403, "sso-no-account", "No account for this identity",
                "There is no account for this e-mail here; ask a tenant owner for an invitation");
    }

    /** A tenant's connection vouched for an e-mail outside that tenant's verified domains. */
    public static SsoRefused domainNotVerified() {
        return new SsoRefused(403, "sso-domain-not-verified", "E-mail outside the tenant's verified domains",
                "This tenant's identity provider may sign in e-mails of the tenant's verified domains only");
    }

    /** The provider's discovery document, keys or token endpoint could not be used (unreachable, refused by N1, malformed). */
    public static SsoRefused providerUnreachable() {
        return new SsoRefused(502, "sso-provider-unreachable", "Identity provider unreachable",
                "The identity provider could not be reached or answered something unusable; try again later");
    }

    /** The tenant requires SSO for this e-mail's domain: a password does not sign its people in (owners excepted). */
    public static SsoRefused ssoRequired() {
        return new SsoRefused(403, "sso-required", "Sign in with your organisation's identity provider",
                "This organisation requires single sign-on for your e-mail's domain; start at /api/v1/auth/sso?email=");
    }

    /** The protocol is not configured on this instance (e.g. no GOOGLE_CLIENT_ID). */
    public static SsoRefused notConfigured() {
        return new SsoRefused(404, "sso-not-configured", "Sign-in method not available",
                "This sign-in method is not configured");
    }
}
