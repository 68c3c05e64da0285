package ai.humane.problems.boundary;

import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Domain problems thrown by the business components. */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

    @Override
    public Response toResponse(Problem problem) {
        if (problem instanceof Unhandled failure) {
            return ProblemResponse.internal(failure.instance());
        }
        List<InvalidField.FieldError> errors = problem instanceof InvalidField invalid ? invalid.errors() : List.of();
        Response.ResponseBuilder answer = ProblemResponse.of(problem.status(), problem.slug(), problem.title(),
                problem.detail(), errors);
        problem.headers().forEach(answer::header);
        return answer.build();
    }
}
