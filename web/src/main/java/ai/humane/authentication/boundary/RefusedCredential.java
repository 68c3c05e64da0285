package ai.humane.authentication.boundary;

import ai.humane.problems.control.Problem;
import jakarta.servlet.ServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Why the authentication mechanism did not accept the credential a request carried. The mechanism only
 * marks the request; {@link CredentialRefusals} answers it inside JAX-RS, so a refused request passes
 * the same edge chain as every other one (rate limit, access log, security headers).
 */
public enum RefusedCredential {

    INVALID {
        @Override
        Problem problem() {
            return new Problem(401, "unauthenticated", "Unauthenticated",
                    "The credential is not valid (unknown, revoked, expired or malformed)") {
                @Override
                public Map<String, String> headers() {
                    return Map.of("WWW-Authenticate", "Bearer realm=\"humane\", error=\"invalid_token\"");
                }
            };
        }
    },
    CSRF {
        @Override
        Problem problem() {
            return new Problem(403, "csrf-token-invalid", "CSRF token missing or wrong",
                    "Cookie-authenticated writes must send X-CSRF-Token equal to the humane_csrf cookie") {
            };
        }
    };

    private static final String ATTRIBUTE = RefusedCredential.class.getName();
    private static final String PROBLEM = ATTRIBUTE + ".problem";

    abstract Problem problem();

    void mark(ServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** An SSO callback refused with a problem of its own (which flow, which check): answered as it is. */
    static void refuse(ServletRequest request, ai.humane.problems.control.Problem problem) {
        request.setAttribute(PROBLEM, problem);
    }

    static Optional<ai.humane.problems.control.Problem> problemOf(ServletRequest request) {
        return request.getAttribute(PROBLEM) instanceof ai.humane.problems.control.Problem problem
                ? Optional.of(problem) : Optional.empty();
    }

    public static Optional<RefusedCredential> of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RefusedCredential refused
                ? Optional.of(refused) : Optional.empty();
    }
}
