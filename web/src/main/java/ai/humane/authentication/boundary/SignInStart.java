package ai.humane.authentication.boundary;

import ai.humane.problems.control.Problem;
import ai.humane.sso.control.SsoRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** Where an SSO sign-in (OIDC, SAML) may be started from. */
public final class SignInStart {

    private SignInStart() {
    }

    /**
     * A sign-in is started from this site only: its sign-in page, the routing by e-mail, a typed or bookmarked address
     * ({@code Sec-Fetch-Site} {@code same-origin} or {@code none}). Started from a link or a form of another site, a
     * sign-in at a provider that approves without asking (the attacker's own, behind the attacker's own tenant) would
     * leave the victim's browser signed in to the attacker's tenant, looking like theirs (login CSRF). A browser sent
     * from elsewhere (an identity provider's app tile, too) lands on the console's sign-in page, which says to start
     * again there; other clients get the problem. A client that sends no {@code Sec-Fetch-Site} (older browsers,
     * scripts) is not refused: the header is what tells the two apart.
     *
     * @return the answer to a start from elsewhere, or empty to go on
     */
    public static Optional<Response> fromElsewhere(HttpServletRequest request, HttpHeaders headers) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null || "same-origin".equals(site) || "none".equals(site)) {
            return Optional.empty();
        }
        return Optional.of(refused(headers, SsoRefused.startedElsewhere()));
    }

    /**
     * A start refused before the browser goes to the provider (a SAML connection disabled, or holding metadata no
     * sign-in can use): a browser lands on the console's sign-in page, which says why in words, as after a refused
     * callback; other clients get the problem.
     */
    public static Response refused(HttpHeaders headers, Problem refused) {
        if (RefusedSignInPage.wanted(headers.getAcceptableMediaTypes())) {
            return RefusedSignInPage.of(refused);
        }
        throw refused;
    }
}
