package ai.humane.authentication.boundary;

import ai.humane.accounts.control.MfaChallengeHandle;
import ai.humane.accounts.control.SignInStep;
import ai.humane.edge.boundary.ForwardedFor;
import ai.humane.edge.control.ClientAddresses;
import ai.humane.problems.boundary.Unhandled;
import ai.humane.problems.control.Forbidden;
import ai.humane.problems.control.Problem;
import ai.humane.ratelimit.boundary.CountedAhead;
import ai.humane.sessions.boundary.SessionCookies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * How the authentication mechanism completes an SSO sign-in, for every protocol alike: the protocol's
 * {@link SsoCallback} verifies its message and signs in through {@code SsoSignIn} (rules, audit, session); the
 * callback's route then answers with {@link #signedIn}, which sets the session's cookies exactly as a password
 * sign-in does (S3), or sends the browser to the second factor's step (S8). The callback request itself goes on
 * anonymous. (Only a route reached without its callback having
 * run — a bug — lacks the session: refused.) A refusal is marked on the request and answered inside JAX-RS as
 * problem+json by {@link CredentialRefusals}, with no cookie set and nothing stored; so is any other failure, as the
 * mappers it never reaches would answer it ({@link Unhandled}: a lost race 409, else a logged 500). A callback is
 * counted against its client's rate limit before any of that ({@link CountedAhead}): one over the ceiling is neither
 * parsed nor checked, and answered 429.
 */
@ApplicationScoped
public class SsoCallbacks {

    private static final String SIGNED_IN = SsoCallbacks.class.getName() + ".signedIn";

    /** Where a browser whose member has a second factor is sent, the challenge appended: the console's step (S8). */
    static final String SECOND_FACTOR = "/sign-in#mfa=";

    /** Where an IdP-initiated SAML sign-in is sent to be confirmed on our own origin (S6), the challenge appended. */
    static final String CONFIRMATION = "/sign-in#sso-confirm=";

    @Inject
    @Any
    Instance<SsoCallback> callbacks;

    @Inject
    SessionCookies cookies;

    @Inject
    ClientAddresses addresses;

    @Inject
    CountedAhead countedAhead;

    /** The protocol whose callback {@code request} is, if any. */
    Optional<SsoCallback> callbackFor(HttpServletRequest request) {
        return callbacks.stream().filter(callback -> callback.answers(request)).findFirst();
    }

    /** Verifies, signs in and sets the session cookies; a refusal marks the request instead. */
    void complete(SsoCallback callback, HttpServletRequest request, HttpServletResponse response) {
        String client = addresses.client(request.getRemoteAddr(), ForwardedFor.of(request));
        if (!countedAhead.admits(request, client)) {
            // Over its client's ceiling: neither parsed nor checked; the rate limit answers it 429 inside JAX-RS.
            return;
        }
        try {
            SignInStep step = callback.signIn(request, response, client);
            request.setAttribute(SIGNED_IN, step);
        } catch (Problem refused) {
            RefusedCredential.refuse(request, refused);
        } catch (RuntimeException failed) {
            // Here, before JAX-RS, no mapper sees it: a link lost to another browser twice (the callback tried it
            // once more, FirstSignInRace) is the 409 of a lost race, anything else a 500 logged under its instance
            // id; either answered as a refusal is.
            RefusedCredential.refuse(request, Unhandled.of(failed));
        }
    }

    /**
     * The answer of a protocol's callback route once the mechanism signed the browser in: 303 to {@code to} with the
     * session cookies of a password sign-in (S3). Set here, not by the mechanism: Jersey replaces Set-Cookie headers
     * written on the servlet response before it. A member with a second factor is not signed in yet: 303 to the
     * console's sign-in page with the challenge in the fragment ({@link #SECOND_FACTOR}), which the console answers
     * with the authenticator's code at {@code POST /auth/mfa} as after a password; an IdP-initiated SAML sign-in of
     * a member without one likewise, with a confirmation instead ({@link #CONFIRMATION}); a fragment is not sent to
     * any server, so the challenge reaches no log or {@code Referer}. Without a sign-in completed on this request: a
     * flow not recognised.
     */
    public Response.ResponseBuilder signedIn(ServletRequest request, URI to) {
        Object step = request.getAttribute(SIGNED_IN);
        if (step instanceof SignInStep.SecondFactorDue due) {
            return toConsoleStep(SECOND_FACTOR, due.challenge());
        }
        if (step instanceof SignInStep.ConfirmationDue due) {
            return toConsoleStep(CONFIRMATION, due.challenge());
        }
        if (!(step instanceof SignInStep.Opened opened)) {
            throw new Forbidden("No sign-in completed on this request");
        }
        Response.ResponseBuilder answer = Response.seeOther(to);
        cookies.issue(opened.session())
                .forEach(cookie -> answer.header("Set-Cookie", cookie));
        return answer;
    }

    /** 303 to the console's step {@code page}, the challenge in the fragment; no cookie, and not to be kept. */
    private static Response.ResponseBuilder toConsoleStep(String page, MfaChallengeHandle challenge) {
        return Response.seeOther(URI.create(page + challenge.value())).header("Cache-Control", "no-store");
    }
}
