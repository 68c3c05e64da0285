package ai.humane.problems.boundary;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;

/** Bodies that are not JSON, or JSON of the wrong shape, types or with unknown fields: 400 {@code malformed-json}. */
final class MalformedBody {

    private MalformedBody() {
    }

    static boolean causedBy(Throwable failure) {
        return Causes.any(failure, t -> t instanceof JsonbException || t instanceof JsonException);
    }

    static Response response() {
        return ProblemResponse.of(400, "malformed-json", "Malformed JSON",
                "The body is not valid JSON of the expected shape (unknown fields and wrong types are refused)").build();
    }
}
