package ai.humane.idempotency.boundary;

import ai.humane.audit.boundary.AnswersEndUser;
import ai.humane.audit.boundary.ReplayedReads;
import ai.humane.edge.boundary.FilterOrder;
import ai.humane.idempotency.control.StoredResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * A2: sends a replay its stored answer, once the route is matched and its gates have let the caller through: the
 * roles ({@code @RolesAllowed}), a read-only key's scope, the unverified sign-up's and the second factor's gates.
 * The claim is still looked up before matching ({@link IdempotencyFilter}); answered there, a replay came before
 * every gate, so a caller demoted since, or one a BAA now asks for a second factor, got the answer again within the
 * key's 24 hours where the request itself would be refused. A route whose answer carries an end user
 * ({@link AnswersEndUser}) discloses them again: the read is recorded as the request recorded it (O6), before the
 * stored answer is sent, and a failure to record it is the replay's failure, never an unrecorded answer.
 */
@Dependent
@Provider
@Priority(FilterOrder.IDEMPOTENT_REPLAY)
public class IdempotentReplay implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    ReplayedReads reads;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(IdempotencyFilter.REPLAY) instanceof StoredResponse stored) {
            Method method = resource.getResourceMethod();
            AnswersEndUser answers = method == null ? null : method.getAnnotation(AnswersEndUser.class);
            if (answers != null) {
                reads.record(answers.kind(), request.getUriInfo().getPathParameters().getFirst(answers.endUser()));
            }
            request.abortWith(replayOf(stored));
        }
    }

    private static Response replayOf(StoredResponse stored) {
        Response.ResponseBuilder replay = Response.status(stored.status()).header("Idempotent-Replayed", "true");
        if (stored.location() != null) {
            replay.header(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.body().length > 0) {
            replay.entity(stored.body()).type(stored.contentType());
        }
        return replay.build();
    }
}
