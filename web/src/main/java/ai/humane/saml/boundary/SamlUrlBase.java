package ai.humane.saml.boundary;

import ai.humane.saml.control.SpUrls;
import ai.humane.status.control.AppEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A connection's SP URLs as the IdP and the ACS see them (S6). Production builds them on PUBLIC_BASE_URL only,
 * never on a Host header; development (the local run, the tests on a random port) on the address the request
 * came to, as the OIDC callback does.
 */
@ApplicationScoped
public class SamlUrlBase {

    @Inject
    @ConfigProperty(name = "public.base.url")
    String publicBaseUrl;

    @Inject
    AppEnvironment environment;

    public SpUrls of(HttpServletRequest request, UUID connectionId) {
        String base = environment.production() || request == null ? publicBaseUrl
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        return SpUrls.of(base, connectionId);
    }
}
