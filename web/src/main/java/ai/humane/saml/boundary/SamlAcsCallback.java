package ai.humane.saml.boundary;

import ai.humane.accounts.control.SignInStep;
import ai.humane.authentication.boundary.ReadFormReplay;
import ai.humane.authentication.boundary.SsoCallback;
import ai.humane.edge.boundary.BodyDeadline;
import ai.humane.saml.control.ResponseDocument;
import ai.humane.saml.control.SamlRefused;
import ai.humane.sso.control.FirstSignInRace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAML ACS as the authentication mechanism's SSO port (S6): a POST to {@code /api/v1/auth/saml/{id}/acs}
 * is this protocol's callback. The connection is the one in the URL; the browser binding is the cookie
 * the login set. Bodies larger than a response can be, or of no declared length, are refused before they are read,
 * and the form is read within the body's deadline ({@link BodyDeadline}). A first sign-in that lost
 * its race is tried once more ({@link FirstSignInRace}): the whole transaction, since the lost one rolled back the
 * request id and the assertion id it consumed, which the retry consumes again (or is refused if another request
 * used them meanwhile) with the same checks of the same response.
 */
@ApplicationScoped
public class SamlAcsCallback implements SsoCallback {

    private static final Pattern ACS = Pattern.compile("/api/v1/auth/saml/([0-9a-fA-F-]{36})/acs");
    private static final int MAX_BODY = ResponseDocument.MAX_ENCODED * 2;

    @Inject
    SamlAssertions assertions;

    @Inject
    SamlUrlBase urls;

    @Inject
    SamlBindingCookie binding;

    @Inject
    BodyDeadline deadline;

    @Override
    public boolean answers(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && ACS.matcher(path(request)).matches();
    }

    @Override
    public SignInStep signIn(HttpServletRequest request, HttpServletResponse response, String clientIp) {
        Matcher acs = ACS.matcher(path(request));
        if (!acs.matches()) {
            throw new SamlRefused("Not a SAML ACS URL");
        }
        UUID connectionId = connectionId(acs.group(1));
        long declared = request.getContentLengthLong();
        if (declared < 0) {
            // A browser's form post always declares its length; a chunked one would be bounded by the container's
            // form limit only.
            throw new SamlRefused("Post the SAMLResponse with its Content-Length");
        }
        if (declared > MAX_BODY) {
            throw new SamlRefused("SAMLResponse is larger than " + ResponseDocument.MAX_ENCODED + " characters");
        }
        // The container reads the form here, in front of JAX-RS and its body limit: within the body's deadline (A4).
        String[] values = parameters(request).get("SAMLResponse");
        ReadFormReplay.markRead(request);
        if (values == null || values.length != 1) {
            throw new SamlRefused("Post exactly one SAMLResponse");
        }
        byte[] browser = binding.hashFrom(request).orElse(null);
        return FirstSignInRace.retriedOnce(() -> assertions.signIn(connectionId, urls.of(request, connectionId),
                values[0], browser, clientIp, request.getHeader("User-Agent")));
    }

    /** The form's parameters; none when its body did not arrive within the deadline (the post is then refused). */
    private Map<String, String[]> parameters(HttpServletRequest request) {
        try {
            return deadline.start().read(request::getParameterMap);
        } catch (IOException e) {
            throw new SamlRefused("The SAMLResponse did not arrive within " + BodyDeadline.SECONDS + " s");
        }
    }

    private static UUID connectionId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new SamlRefused("No SAML connection has this ACS URL");
        }
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
