package ai.humane.problems.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/** A bounded pool is full (bcrypt under a login flood): 503 at once with Retry-After, never a hang. */
@Provider
public class OverloadMapper implements ExceptionMapper<BulkheadException> {

    @Override
    public Response toResponse(BulkheadException exception) {
        return ProblemResponse.of(503, "overloaded", "Overloaded", "Too many requests of this kind at once; retry shortly")
                .header("Retry-After", "1")
                .build();
    }
}
