package ai.humane.status.boundary;

import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Production refuses to start unless PUBLIC_BASE_URL is the https origin clients reach (O5, S4, S5, S6, K4): the
 * sign-in redirects, the SAML service provider's URLs, the access tokens' issuer, the signed e-mail links and
 * security.txt's {@code Canonical} (RFC 9116: an https URI where the file is) are all built on it. Until 2026-12-07
 * a production deployment without it (the EAR on Payara Server; compose requires it) started on the default,
 * {@code http://localhost:8080}, and published that as the canonical place of its security.txt (found by a read-only
 * review). Development runs on loopback over http.
 */
@ApplicationScoped
public class PublicBaseUrl implements BootCheck {

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String value;

    @Override
    public void verify() {
        if (environment.production() && !httpsOrigin(value)) {
            throw new IllegalStateException("PUBLIC_BASE_URL is '" + value + "': production needs the https origin"
                    + " clients reach, such as https://api.example.com, with no path or trailing slash (sign-in"
                    + " redirects, SAML, token issuer, e-mail links and security.txt are built on it)");
        }
    }

    /**
     * An https URL with a host and nothing after it, not even a slash: the links are built by appending a path to it
     * ({@code Canonical}, the e-mail links), so a trailing slash would give {@code //.well-known/security.txt}.
     */
    static boolean httpsOrigin(String value) {
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
