package ai.humane.problems.boundary;

import jakarta.enterprise.context.RequestScoped;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The failures of ours that this request has logged, each under the instance id its answer names. Payara's mapper of
 * {@code EJBException}s (jersey-gf-ejb's {@code EjbExceptionMapper}) hands the cause to the cause's own mapper twice:
 * once in {@code isMappable}, only to learn that it maps, and once for the answer. Logged on each call, one failure
 * became two SEVERE records under two ids, one of which no client was ever given. Kept by identity for the request
 * only: a failure mapped again answers the id it was logged under, and nothing outlives the request.
 */
@RequestScoped
public class LoggedFailures {

    private final Map<Throwable, String> instances = new IdentityHashMap<>(2);

    /** The instance id {@code failure} was logged under in this request; logged now if it was not yet. */
    String instanceOf(Throwable failure) {
        return instances.computeIfAbsent(failure, ProblemResponse::logged);
    }
}
