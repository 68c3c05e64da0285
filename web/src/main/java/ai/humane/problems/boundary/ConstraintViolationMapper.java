package ai.humane.problems.boundary;

import ai.humane.problems.control.InvalidField;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Bean Validation failures of request bodies and parameters: 400 {@code validation} with each field. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<InvalidField.FieldError> errors = exception.getConstraintViolations().stream()
                .map(v -> new InvalidField.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(InvalidField.FieldError::field))
                .toList();
        return ProblemResponse.of(400, "validation", "Validation failed", "The request has invalid fields", errors).build();
    }

    /** The JSON name of the violated field: the last node of the path, in snake_case. */
    private static String field(ConstraintViolation<?> violation) {
        String last = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                    || node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                last = node.getName() == null ? last : node.getName();
            }
        }
        return last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
