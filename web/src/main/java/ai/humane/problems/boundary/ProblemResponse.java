package ai.humane.problems.boundary;

import ai.humane.json.control.JsonP;
import ai.humane.problems.control.InvalidField;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds every error answer of the API as RFC 9457 {@code application/problem+json}. The
 * {@code instance} is a fresh {@code urn:uuid:} that is logged beside the cause, so support can find
 * a failure without the client ever seeing internals.
 */
public final class ProblemResponse {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    public static final String TYPE_BASE = "https://humane.ai/problems/";
    static final String INTERNAL_DETAIL = "The request failed on our side; quote the instance when contacting support";
    private static final Logger LOG = Logger.getLogger(ProblemResponse.class.getName());
    /** One provider lookup, not one per answer: refusals come in floods. */
    private static final JsonBuilderFactory JSON = JsonP.createBuilderFactory(Map.of());

    private ProblemResponse() {
    }

    public static Response.ResponseBuilder of(int status, String slug, String title, String detail) {
        return of(status, slug, title, detail, List.of());
    }

    public static Response.ResponseBuilder of(int status, String slug, String title, String detail,
                                              List<InvalidField.FieldError> errors) {
        return Response.status(status).type(PROBLEM_JSON).entity(body(status, slug, title, detail, errors));
    }

    /** The body alone, for answers written in front of JAX-RS (servlet filters before Payara's own endpoints). */
    public static String body(int status, String slug, String title, String detail) {
        return body(status, slug, title, detail, List.of());
    }

    private static String body(int status, String slug, String title, String detail,
                               List<InvalidField.FieldError> errors) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.log(Level.FINE, "{0} {1} {2}: {3}", new Object[] {instance, status, slug, detail});
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("type", TYPE_BASE + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .add("instance", instance);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            errors.forEach(e -> list.add(JSON.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        return body.build().toString();
    }

    /**
     * The answer to a failure of ours already logged under {@code instance}: the client learns only that id. The
     * mappers log through {@link LoggedFailures}, once a failure however often it is mapped.
     */
    static Response internal(String instance) {
        return Response.serverError().type(PROBLEM_JSON).entity(internalBody(instance)).build();
    }

    /** Logs the cause under a new instance id and answers the body that names only that id. */
    static String internalBody(Throwable cause) {
        return internalBody(logged(cause));
    }

    /** Logs a failure of ours at ERROR under a new instance id, and answers the id. */
    static String logged(Throwable cause) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.log(Level.SEVERE, instance + " unhandled failure", cause);
        return instance;
    }

    private static String internalBody(String instance) {
        return JSON.createObjectBuilder()
                .add("type", TYPE_BASE + "internal")
                .add("title", "Internal error")
                .add("status", 500)
                .add("detail", INTERNAL_DETAIL)
                .add("instance", instance)
                .build().toString();
    }
}
