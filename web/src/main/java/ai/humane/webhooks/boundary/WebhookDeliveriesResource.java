package ai.humane.webhooks.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import ai.humane.webhooks.entity.WebhookAttempt;
import ai.humane.webhooks.entity.WebhookDelivery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The Webhook Monitor (W4): deliveries by endpoint and status, each with its attempts, and manual retry. */
@Dependent
@Path(HumaneApi.V1 + "webhooks/deliveries")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    /** {@code held}: queued for an endpoint that is disabled, sent once it is enabled again. */
    private static final Set<String> STATUSES = Set.of("pending", "sending", "succeeded", "failed", "held");

    @Inject
    WebhookDeliveries deliveries;

    @GET
    public PageResponse<DeliveryView> list(@QueryParam("endpoint_id") UUID endpointId,
                                           @QueryParam("status") String status,
                                           @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidField("status", "must be one of pending, sending, succeeded, failed, held");
        }
        return PageResponse.of(deliveries.list(endpointId, status, Listing.limit(limit), cursor),
                delivery -> view(delivery, null, null));
    }

    @GET
    @Path("{id}")
    public DeliveryView get(@PathParam("id") UUID id) {
        return view(deliveries.find(id), deliveries.attempts(id), JsonColumns.object(deliveries.event(id)));
    }

    @POST
    @Path("{id}/retry")
    public DeliveryView retry(@PathParam("id") UUID id) {
        return view(deliveries.retry(id), null, null);
    }

    private static DeliveryView view(WebhookDelivery delivery, List<WebhookAttempt> attempts, JsonObject event) {
        return new DeliveryView(delivery.id(), delivery.endpointId(), delivery.eventId(), delivery.status(),
                delivery.attempts(), delivery.lastStatusCode(),
                "pending".equals(delivery.status()) ? delivery.nextAttemptAt().toInstant() : null,
                delivery.createdAt().toInstant(),
                attempts == null ? null : attempts.stream().map(WebhookDeliveriesResource::view).toList(), event);
    }

    private static AttemptView view(WebhookAttempt attempt) {
        return new AttemptView(attempt.attemptedAt().toInstant(), attempt.statusCode(), attempt.latencyMs(),
                attempt.error(), attempt.responseExcerpt());
    }

    /** {@code attempts} and {@code event} (the body as delivered) only on the single delivery. */
    public record DeliveryView(UUID id, UUID endpointId, UUID eventId, String status, int attemptCount,
                               Integer lastStatusCode, Instant nextAttemptAt, Instant createdAt,
                               List<AttemptView> attempts, JsonObject event) {
    }

    public record AttemptView(Instant attemptedAt, Integer statusCode, int latencyMs, String error,
                              String responseExcerpt) {
    }
}
