package ai.humane.problems.control;

import java.util.List;

/**
 * A body that is not strict JSON of the expected shape: 400 {@code malformed-json}. Each error names where
 * it is as a JSON Pointer (RFC 6901; {@code ""} is the whole document), so a client can find the value.
 */
public class MalformedJson extends InvalidField {

    private static final long serialVersionUID = 1L;

    public MalformedJson(String pointer, String message) {
        this(List.of(new FieldError(pointer, message)));
    }

    public MalformedJson(List<FieldError> errors) {
        super("malformed-json", "Malformed JSON",
                "The body is not strict JSON of the expected shape; errors names each value by its JSON Pointer", errors);
    }
}
