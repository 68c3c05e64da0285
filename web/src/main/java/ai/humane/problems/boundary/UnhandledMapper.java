package ai.humane.problems.boundary;

import jakarta.ejb.EJBException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Everything else. Malformed bodies can surface from the JSON binding as plain processing failures, and a write
 * that lost a race to the same unique thing as a failed commit ({@link LostRace}); anything left is our fault: a
 * 500 that carries only the {@code instance} id, logged once however often the failure is mapped
 * ({@link LoggedFailures}).
 */
@Dependent
@Provider
public class UnhandledMapper implements ExceptionMapper<Throwable> {

    @Inject
    LoggedFailures logged;

    @Override
    public Response toResponse(Throwable failure) {
        if (MalformedBody.causedBy(failure) && !(failure instanceof EJBException)) {
            return MalformedBody.response();
        }
        if (LostRace.causedBy(failure)) {
            return LostRace.response();
        }
        return ProblemResponse.internal(logged.instanceOf(failure));
    }
}
