package ai.humane.authentication.boundary;

import ai.humane.sso.control.SsoRefused;
import jakarta.servlet.http.HttpServletRequest;

/** Where an SSO sign-in (OIDC, SAML) may be started from. */
public final class SignInStart {

    private SignInStart() {
    }

    /**
     * A sign-in is started from this site only: its sign-in page, the routing by e-mail, a typed or bookmarked address
     * ({@code Sec-Fetch-Site} {@code same-origin} or {@code none}). Started from a link or a form of another site, a
     * sign-in at a provider that approves without asking (the attacker's own, behind the attacker's own tenant) would
     * leave the victim's browser signed in to the attacker's tenant, looking like theirs (login CSRF). A client that
     * sends no {@code Sec-Fetch-Site} (older browsers, scripts) is not refused: the header is what tells the two apart.
     */
    public static void requireHere(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site) && !"none".equals(site)) {
            throw SsoRefused.startedElsewhere();
        }
    }
}
