package ai.humane.webhooks.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.idempotency.boundary.ShownOnce;
import ai.humane.json.control.JsonP;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.webhooks.entity.WebhookEndpoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook endpoints (K2, W1): owners and admins only; the secret is in the create and rotate answers only. */
@Dependent
@Path(HumaneApi.V1 + "webhooks/endpoints")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookEndpointsResource {

    static final String EVENT_TYPE = "\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)+";

    @Inject
    WebhookEndpoints endpoints;

    @POST
    public Response create(@Valid @NotNull NewEndpoint body, @Context UriInfo uri) {
        WebhookEndpoints.Created created = endpoints.create(body.url(), body.description(), events(body.events()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.endpoint().id().toString()).build())
                .entity(new CreatedEndpoint(view(created.endpoint()), created.secret()))
                .build();
    }

    @GET
    public PageResponse<EndpointView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(endpoints.list(Listing.limit(limit), cursor), WebhookEndpointsResource::view);
    }

    @GET
    @Path("{id}")
    public EndpointView get(@PathParam("id") UUID id) {
        return view(endpoints.find(id));
    }

    @PATCH
    @Path("{id}")
    public EndpointView update(@PathParam("id") UUID id, @Valid @NotNull EndpointChange body) {
        return view(endpoints.update(id, body.url(), body.description(),
                body.events() == null ? null : events(body.events()), body.enabled()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        endpoints.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    public RotatedSecret rotate(@PathParam("id") UUID id, @Valid Rotation body) {
        Duration overlap = body == null || body.overlapHours() == null ? WebhookEndpoints.DEFAULT_OVERLAP
                : Duration.ofHours(body.overlapHours());
        WebhookEndpoints.Created rotated = endpoints.rotate(id, overlap);
        return new RotatedSecret(id, rotated.secret(), rotated.endpoint().previousSecretUntil().toInstant());
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") UUID id) {
        return Response.accepted(new QueuedEvent(endpoints.test(id), "webhook.test")).build();
    }

    static EndpointView view(WebhookEndpoint endpoint) {
        return new EndpointView(endpoint.id(), endpoint.url(), endpoint.description(),
                JsonColumns.array(endpoint.events()), endpoint.status(), endpoint.disabledReason(),
                endpoint.createdAt().toInstant(), endpoint.updatedAt().toInstant());
    }

    private static String events(List<String> types) {
        var array = JsonP.createArrayBuilder();
        types.stream().distinct().forEach(array::add);
        return array.build().toString();
    }

    public record NewEndpoint(@NotBlank @Size(max = 2048) String url,
                              @Size(max = 500) String description,
                              @NotNull @Size(min = 1, max = 50)
                              List<@NotNull @Pattern(regexp = EVENT_TYPE) @Size(max = 100) String> events) {
    }

    public record EndpointChange(@Size(min = 1, max = 2048) String url,
                                 @Size(max = 500) String description,
                                 @Size(min = 1, max = 50)
                                 List<@NotNull @Pattern(regexp = EVENT_TYPE) @Size(max = 100) String> events,
                                 Boolean enabled) {
    }

    /** {@code overlap_hours}: how long the current secret keeps signing beside the new one (default 24). */
    public record Rotation(@Min(0) @Max(720) Integer overlapHours) {
    }

    public record EndpointView(UUID id, String url, String description, JsonArray events, String status,
                               String disabledReason, Instant createdAt, Instant updatedAt) {
    }

    /** A replay (A2) answers the same without the secret: it is shown once. */
    public record CreatedEndpoint(UUID id, String url, String description, JsonArray events, String status,
                                  String secret, Instant createdAt) implements ShownOnce {

        CreatedEndpoint(EndpointView view, String secret) {
            this(view.id(), view.url(), view.description(), view.events(), view.status(), secret, view.createdAt());
        }

        @Override
        public CreatedEndpoint replay() {
            return new CreatedEndpoint(id, url, description, events, status, null, createdAt);
        }
    }

    /** A replay (A2) answers the same without the secret, and rotates nothing. */
    public record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) implements ShownOnce {

        @Override
        public RotatedSecret replay() {
            return new RotatedSecret(id, null, previousSecretExpiresAt);
        }
    }

    public record QueuedEvent(UUID eventId, String type) {
    }
}
