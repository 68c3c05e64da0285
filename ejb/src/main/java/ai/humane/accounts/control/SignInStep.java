package ai.humane.accounts.control;

import ai.humane.sessions.control.OpenedSession;

/**
 * Where a sign-in through an identity provider stands once the provider has vouched (S5, S6): a session, or, for a
 * member with a second factor, the challenge that the authenticator's code answers at {@code POST /auth/mfa} (S8),
 * exactly as after a right password.
 */
public sealed interface SignInStep {

    /** Signed in: the session to hand to the browser. */
    record Opened(OpenedSession session) implements SignInStep {
    }

    /** Not yet signed in: the member's second factor is asked first, and no session exists. */
    record SecondFactorDue(MfaChallengeHandle challenge) implements SignInStep {
    }

    /**
     * Not yet signed in: an IdP-initiated SAML sign-in (S6), which any page could have posted, is confirmed first on
     * our own origin, and no session exists.
     */
    record ConfirmationDue(MfaChallengeHandle challenge) implements SignInStep {
    }
}
