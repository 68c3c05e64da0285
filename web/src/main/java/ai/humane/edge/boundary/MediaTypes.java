package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.problems.control.InvalidField.FieldError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media types a request may declare, answered as problems before the body is bound: a
 * {@code Content-Type} that is not RFC 9110 media-type syntax is 415 (the servlet filter
 * {@link ContentTypeScreen} hid it from the REST runtime, which would otherwise answer the server's HTML
 * error page); JSON declared with a charset other than UTF-8 is 415, since it is only ever read as UTF-8;
 * an {@code Accept} the runtime cannot parse is 400. Type, subtype and parameter names are case-insensitive.
 * Runs after the rate limit and the credential refusals, as the runtime's own 415 does, and before
 * idempotency keys are claimed.
 */
@Provider
@PreMatching
@Priority(FilterOrder.MEDIA_TYPES)
public class MediaTypes implements ContainerRequestFilter {

    static final String MALFORMED_CONTENT_TYPE = "ai.humane.edge.malformed-content-type";
    /** Stands for a Content-Type that was sent but is no media type (compared by identity). */
    private static final MediaType NOT_A_MEDIA_TYPE = new MediaType("humane", "malformed");

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t !#-\\[\\]-~\\x80-\\xFF]|\\\\[\\t -~\\x80-\\xFF])*\"";
    private static final Pattern TYPE = Pattern.compile(TOKEN + "/" + TOKEN);
    private static final Pattern PARAMETER = Pattern.compile(
            "\\G[ \\t]*;[ \\t]*(?:(" + TOKEN + ")=(?:" + TOKEN + "|" + QUOTED + "))?");

    @Override
    public void filter(ContainerRequestContext request) {
        Response refusal = contentTypeRefusal(request);
        if (refusal == null) {
            refusal = acceptRefusal(request);
        }
        if (refusal != null) {
            request.abortWith(refusal);
        }
    }

    private static Response contentTypeRefusal(ContainerRequestContext request) {
        MediaType type;
        try {
            type = request.getProperty(MALFORMED_CONTENT_TYPE) == null ? request.getMediaType() : NOT_A_MEDIA_TYPE;
        } catch (RuntimeException unparseable) {
            type = NOT_A_MEDIA_TYPE;
        }
        if (type == NOT_A_MEDIA_TYPE) {
            return unsupported("is not a media type; send application/json");
        }
        return isJson(type) && !utf8(type.getParameters().get("charset"))
                ? unsupported("JSON is read as UTF-8 only: send charset=utf-8 or no charset") : null;
    }

    private static Response acceptRefusal(ContainerRequestContext request) {
        try {
            request.getAcceptableMediaTypes();
            return null;
        } catch (RuntimeException malformed) {
            return ProblemResponse.of(400, "bad-request", "Bad request", "The Accept header is malformed",
                    List.of(new FieldError("Accept", "is not a list of media ranges"))).build();
        }
    }

    static boolean isJson(MediaType type) {
        if (type == null || !"application".equalsIgnoreCase(type.getType())) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    /** RFC 9110 media-type syntax, each parameter at most once, and parseable by the REST runtime too. */
    static boolean wellFormed(String value) {
        Matcher type = TYPE.matcher(value);
        if (!type.lookingAt()) {
            return false;
        }
        Matcher parameter = PARAMETER.matcher(value).region(type.end(), value.length());
        Set<String> names = new HashSet<>();
        int end = type.end();
        while (parameter.find()) {
            end = parameter.end();
            String name = parameter.group(1);
            if (name != null && !names.add(name.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (!value.substring(end).matches("[ \\t]*")) {
            return false;
        }
        try {
            MediaType.valueOf(value);
            return true;
        } catch (RuntimeException unparseable) {
            return false;
        }
    }

    private static boolean utf8(String charset) {
        return charset == null || charset.equalsIgnoreCase("utf-8");
    }

    private static Response unsupported(String message) {
        return ProblemResponse.of(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as application/json (UTF-8)", List.of(new FieldError("Content-Type", message))).build();
    }
}
