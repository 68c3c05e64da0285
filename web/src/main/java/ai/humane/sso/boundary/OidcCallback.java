package ai.humane.sso.boundary;

import ai.humane.accounts.control.SignInStep;
import ai.humane.authentication.boundary.SsoCallback;
import ai.humane.sso.control.SsoRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OIDC callback as the authentication mechanism sees it (S5): {@code GET /api/v1/auth/oidc/{provider}/callback}.
 * Without the flow cookie, or with a state this browser did not begin, nothing is redeemed; a provider's error
 * answer still burns the flow. {@link OidcSignIn} does the rest.
 */
@ApplicationScoped
public class OidcCallback implements SsoCallback {

    private static final Pattern PATH = Pattern.compile("/api/v1/auth/oidc/([a-z0-9-]{1,64})/callback");

    @Inject
    OidcSignIn signIn;

    @Inject
    SsoRedirects redirects;

    @Override
    public boolean answers(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && PATH.matcher(path(request)).matches();
    }

    @Override
    public SignInStep signIn(HttpServletRequest request, HttpServletResponse response, String clientIp) {
        Matcher matcher = PATH.matcher(path(request));
        if (!matcher.matches()) {
            throw SsoRefused.flowNotRecognised();
        }
        String provider = matcher.group(1);
        String browser = FlowCookie.of(request).orElseThrow(SsoRefused::flowNotRecognised);
        String code = request.getParameter("error") != null ? null : request.getParameter("code");
        return signIn.finish(provider, request.getParameter("state"), code, browser,
                redirects.oidcCallback(request, provider), clientIp, request.getHeader("User-Agent"));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
