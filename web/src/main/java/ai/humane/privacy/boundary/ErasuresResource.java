package ai.humane.privacy.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.privacy.control.PrivacyJob;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Erasure of an end user (L3), owners and admins only, like exports. Asking again for the same end user answers
 * the first job (200) instead of a new one (202), also once the end user is gone: idempotent.
 */
@Dependent
@Path(HumaneApi.V1 + "privacy/erasures")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ErasuresResource {

    @Inject
    Privacy privacy;

    @POST
    public Response create(@Valid @NotNull NewErasure body, @Context UriInfo uri) {
        Privacy.Requested requested = privacy.requestErasure(body.endUserId());
        PrivacyJob job = requested.job();
        return Response.status(requested.created() ? 202 : 200).entity(view(job))
                .location(uri.getAbsolutePathBuilder().path(job.id().toString()).build()).build();
    }

    /** The tenant's erasures, newest first. */
    @GET
    public PageResponse<ErasureView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(privacy.list("erasure", Listing.limit(limit), cursor), ErasuresResource::view);
    }

    @GET
    @Path("{id}")
    public ErasureView get(@PathParam("id") UUID id) {
        return view(privacy.find("erasure", id));
    }

    private static ErasureView view(PrivacyJob job) {
        return new ErasureView(job.id(), job.status(), job.counts() == null ? null : JsonColumns.object(job.counts()),
                job.error(), job.createdAt(), job.finishedAt());
    }

    public record NewErasure(@NotNull UUID endUserId) {
    }

    /** {@code records}: how many rows of each kind were deleted or redacted, once it succeeded. */
    public record ErasureView(UUID id, String status, JsonObject records, String error, Instant createdAt,
                              Instant finishedAt) {
    }
}
