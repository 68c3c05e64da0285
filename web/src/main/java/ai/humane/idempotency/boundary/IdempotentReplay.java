package ai.humane.idempotency.boundary;

import ai.humane.audit.boundary.ReplayedReads;
import ai.humane.audit.control.EndUserDataRead;
import ai.humane.edge.boundary.FilterOrder;
import ai.humane.endusers.boundary.EndUsersResource;
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
import java.util.List;

/**
 * A2: sends a replay its stored answer, once the route is matched and its gates have let the caller through: the
 * roles ({@code @RolesAllowed}), a read-only key's scope, the unverified sign-up's and the second factor's gates.
 * The claim is still looked up before matching ({@link IdempotencyFilter}); answered there, a replay came before
 * every gate, so a caller demoted since, or one a BAA now asks for a second factor, got the answer again within the
 * key's 24 hours where the request itself would be refused. The stored answer discloses again whatever end-user data
 * the request read: the reads the request recorded, kept with the answer, are recorded again (O6), before the stored
 * answer is sent, and a failure to record them is the replay's failure, never an unrecorded answer. No route has to
 * say what it reads (until 2026-12-06 a route had to be marked, and nothing made a new one carry the mark).
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
            List<EndUserDataRead> disclosed = stored.reads() != null ? stored.reads() : storedBeforeV53(request);
            if (!disclosed.isEmpty()) {
                reads.record(disclosed);
            }
            request.abortWith(replayOf(stored));
        }
    }

    /**
     * The reads of an answer stored before V53 kept them (at most 24 hours before the upgrade): the one route then
     * known to disclose an end user, {@code PATCH /end-users/{id}}, recorded a read of them; every other answer
     * recorded none. Without this, replays of that route would go unrecorded for the upgrade's first day.
     */
    private List<EndUserDataRead> storedBeforeV53(ContainerRequestContext request) {
        if (!"PATCH".equals(request.getMethod()) || resource.getResourceClass() != EndUsersResource.class) {
            return List.of();
        }
        return List.of(new EndUserDataRead("end_user", "end_user",
                request.getUriInfo().getPathParameters().getFirst("id"), 1));
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
