package ai.humane.sso.control;

import java.util.Objects;

/**
 * Who an identity provider vouched for, once the protocol's own checks have passed: for OIDC the ID token's
 * signature (provider JWKS), iss, aud, exp, iat and nonce, with state and PKCE bound to the browser; for SAML
 * the signed assertion, issuer, audience, recipient, times, InResponseTo and replay cache. Nothing else may
 * build one from a request. {@code SsoSignIn} takes it from there: domain checks, linking, just-in-time
 * membership, enforcement, audit, session.
 *
 * @param subject       the provider's stable id of the person (OIDC {@code sub}, SAML NameID), whole canonical text
 * @param email         the e-mail the provider asserts, as it asserted it (SsoSignIn normalises it)
 * @param emailVerified whether the provider says it verified that e-mail (OIDC {@code email_verified}; SAML: the
 *                      connection's rule, since SAML has no standard claim)
 */
public record VerifiedIdentity(IdentitySource source, String subject, String email, boolean emailVerified) {

    private static final int MAX_SUBJECT = 255;
    private static final int MAX_EMAIL = 320;

    public VerifiedIdentity {
        Objects.requireNonNull(source, "source");
        // What a provider sends is input like any other: one whose subject or e-mail no account could hold is refused
        // as an answer that cannot be used (401 sso-answer-invalid), not an error of ours.
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            throw SsoRefused.providerAnswerInvalid();
        }
        if (email == null || email.isBlank() || email.length() > MAX_EMAIL) {
            throw SsoRefused.providerAnswerInvalid();
        }
    }

    @Override
    public String toString() {
        return "VerifiedIdentity[" + source.protocol() + " " + source.issuer() + ", subject redacted]";
    }
}
