package ai.humane.idempotency.boundary;

import ai.humane.edge.boundary.FilterOrder;
import ai.humane.idempotency.control.StoredResponse;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * A2: sends a replay its stored answer, once the route is matched and its gates have let the caller through: the
 * roles ({@code @RolesAllowed}), a read-only key's scope, the unverified sign-up's and the second factor's gates.
 * The claim is still looked up before matching ({@link IdempotencyFilter}); answered there, a replay came before
 * every gate, so a caller demoted since, or one a BAA now asks for a second factor, got the answer again within the
 * key's 24 hours where the request itself would be refused.
 */
@Provider
@Priority(FilterOrder.IDEMPOTENT_REPLAY)
public class IdempotentReplay implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(IdempotencyFilter.REPLAY) instanceof StoredResponse stored) {
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
