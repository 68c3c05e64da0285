package ai.humane.sso.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.sso.control.SsoRefused;
import ai.humane.status.control.AppEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where SSO sends browsers: the callback URL registered at the provider and the page after sign-in. Production
 * builds them on PUBLIC_BASE_URL only, never on a Host header; development (the local run, the tests on a random
 * port) on the address the request came to.
 */
@ApplicationScoped
public class SsoRedirects {

    @Inject
    @ConfigProperty(name = "public.base.url")
    String publicBaseUrl;

    @Inject
    AppEnvironment environment;

    /** The callback URL of the provider {@code key} names, exactly as sent in both legs of the flow. */
    URI oidcCallback(HttpServletRequest request, String key) {
        return base(request).resolve(HumaneApi.V1.replaceFirst("^/", "") + "auth/oidc/" + providerKey(key) + "/callback");
    }

    /** The console's start page. */
    URI afterSignIn() {
        return URI.create("/");
    }

    /** A provider key as URLs may carry it ({@code google} or a connection id); anything else is no provider. */
    static String providerKey(String key) {
        if (key == null || !key.matches("[a-z0-9-]{1,64}")) {
            throw SsoRefused.notConfigured();
        }
        return key;
    }

    private URI base(HttpServletRequest request) {
        String base = environment.production() ? publicBaseUrl
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        return URI.create(base.endsWith("/") ? base : base + "/");
    }
}
