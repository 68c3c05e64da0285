package ai.humane.problems.control;

import java.util.List;

/** Input that is well-formed but not acceptable; answered as 400 {@code validation} with field errors. */
public class InvalidField extends Problem {

    private final List<FieldError> errors;

    public InvalidField(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public InvalidField(List<FieldError> errors) {
        this("validation", "Validation failed", "The request has invalid fields", errors);
    }

    protected InvalidField(String slug, String title, String detail, List<FieldError> errors) {
        super(400, slug, title, detail);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid field, named as the client sent it (snake_case). */
    public record FieldError(String field, String message) {
    }
}
