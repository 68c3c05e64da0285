package ai.humane.problems.boundary;

import ai.humane.problems.control.InvalidField;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * What the REST runtime itself refuses: unknown routes, wrong methods and media types, unreadable
 * bodies, and {@code @RolesAllowed} denials (401 without a caller, 403 with one).
 */
@Dependent
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    SecurityContext security;

    @Inject
    LoggedFailures logged;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (exception instanceof NotAuthorizedException
                || exception instanceof ForbiddenException && security.getUserPrincipal() == null) {
            return unauthenticated();
        }
        if (MalformedBody.causedBy(exception)) {
            return MalformedBody.response();
        }
        if (exception.getCause() instanceof NoContentException) {
            return ProblemResponse.of(400, "validation", "Validation failed", "The request has invalid fields",
                    List.of(new InvalidField.FieldError("body", "must not be empty"))).build();
        }
        Response.ResponseBuilder problem = switch (status) {
            case 403 -> ProblemResponse.of(403, "forbidden", "Forbidden", "Your role or key scope does not allow this");
            case 404 -> ProblemResponse.of(404, "not-found", "Not found", "Nothing is at this path");
            case 405 -> ProblemResponse.of(405, "method-not-allowed", "Method not allowed",
                    "This path does not accept this method");
            case 406 -> ProblemResponse.of(406, "not-acceptable", "Not acceptable", "This path answers application/json");
            case 413 -> ProblemResponse.of(413, "payload-too-large", "Payload too large", "Bodies are limited to 1 MiB");
            case 415 -> ProblemResponse.of(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json");
            default -> status >= 500
                    ? Response.fromResponse(ProblemResponse.internal(logged.instanceOf(exception)))
                    : ProblemResponse.of(status, "bad-request", "Bad request", "The request could not be processed");
        };
        if (exception instanceof NotAllowedException) {
            // Jersey lists OPTIONS too, which is refused everywhere.
            problem = MethodNotAllowed.answer(exception.getResponse().getAllowedMethods());
        }
        return problem.build();
    }

    static Response unauthenticated() {
        return ProblemResponse.of(401, "unauthenticated", "Unauthenticated",
                        "Send a session cookie, an API key or an access token")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"humane\"")
                .build();
    }
}
