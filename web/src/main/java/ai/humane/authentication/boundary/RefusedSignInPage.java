package ai.humane.authentication.boundary;

import ai.humane.problems.control.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A refused SSO callback reached by a person's browser (the OIDC callback's GET, the SAML ACS's form POST, with an
 * Accept that prefers {@code text/html}): a 303 to the console's sign-in page, which explains the refusal in words.
 * The address carries only the problem type's slug, and only one of {@link #SLUGS} (anything else becomes
 * {@value #OTHER}): never the detail, nor anything the request or the provider sent. Machine clients (JSON, or no
 * Accept) keep the problem document.
 */
final class RefusedSignInPage {

    /** The slugs the sign-in page has words for: SsoRefused's and SamlRefused's. */
    static final Set<String> SLUGS = Set.of("sso-flow-invalid", "sso-answer-invalid", "sso-provider-error",
            "sso-email-unverified", "sso-no-account", "sso-domain-not-verified", "sso-provider-unreachable", "sso-required",
            "sso-not-configured", "saml-response-refused");
    static final String OTHER = "sso-refused";

    private RefusedSignInPage() {
    }

    /** Whether the request's most preferred answer is an HTML page: a browser navigating, not an API client. */
    static boolean wanted(ContainerRequestContext request) {
        return wanted(request.getAcceptableMediaTypes());
    }

    static boolean wanted(List<MediaType> acceptable) {
        return !acceptable.isEmpty() && "text".equals(acceptable.get(0).getType())
                && "html".equals(acceptable.get(0).getSubtype());
    }

    static Response of(Problem refused) {
        return Response.seeOther(URI.create(location(refused))).header("Cache-Control", "no-store").build();
    }

    /** The sign-in page's address with the refusal's slug, or {@value #OTHER} for any slug not listed. */
    static String location(Problem refused) {
        return "/sign-in?sso_error=" + (SLUGS.contains(refused.slug()) ? refused.slug() : OTHER);
    }
}
