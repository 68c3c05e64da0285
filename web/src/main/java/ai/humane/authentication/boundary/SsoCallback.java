package ai.humane.authentication.boundary;

import ai.humane.accounts.control.SignInStep;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The return leg of one SSO protocol, as the authentication mechanism sees it: a port, implemented by the sso
 * feature once per protocol (the OIDC callback, the SAML ACS), so that authentication depends on no protocol.
 * The mechanism asks every implementation whether a request is its callback; the one that answers yes checks the
 * protocol's message — the browser binding (state, one-time), the provider's signature and claims — and hands
 * the resulting {@code VerifiedIdentity} to {@code ai.humane.sso.boundary.SsoSignIn}, which links, checks, audits
 * and opens the session, for every protocol alike. A refusal is a thrown
 * {@link ai.humane.problems.control.Problem} (e.g. {@code SsoRefused}), after which nothing may be stored.
 */
public interface SsoCallback {

    /** Whether {@code request} is this protocol's callback, decided by method and path only (never by the body). */
    boolean answers(HttpServletRequest request);

    /**
     * Verifies the provider's answer and signs in through {@code SsoSignIn}; {@code clientIp} is the client's
     * address as TRUSTED_PROXIES lets it be known. The caller sets the session's cookies, or sends the browser to
     * the second factor's step.
     */
    SignInStep signIn(HttpServletRequest request, HttpServletResponse response, String clientIp);
}
