package ai.humane.webhooks.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.idempotency.boundary.ShownOnce;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Inbound events (W2): customers POST events for an engine, signed with the engine's inbound secret exactly
 * as our deliveries are signed; owners and admins issue (and rotate) that secret here.
 */
@Dependent
@Path(HumaneApi.V1 + "inbound/{engine_id}")
@Produces(MediaType.APPLICATION_JSON)
public class InboundResource {

    @Inject
    InboundEvents events;

    @Inject
    InboundSecrets secrets;

    /**
     * The signature is the credential: the raw body is verified before anything is parsed, then read strictly;
     * replays are known by the body's signed {@code id}.
     */
    @POST
    @Path("events")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("engine_id") UUID engineId,
                            @HeaderParam("Humane-Signature") String signature, byte[] body) {
        InboundEvents.Stored stored = events.accept(engineId, signature, body);
        return Response.accepted(new Received(stored.id(), stored.eventId())).build();
    }

    @POST
    @Path("secret")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public IssuedSecret issue(@PathParam("engine_id") UUID engineId, @Valid Overlap body) {
        Duration overlap = body == null || body.overlapHours() == null ? WebhookEndpoints.DEFAULT_OVERLAP
                : Duration.ofHours(body.overlapHours());
        InboundSecrets.Issued issued = secrets.issue(engineId, overlap);
        return new IssuedSecret(issued.engineId(), issued.secret(), issued.previousAcceptedUntil());
    }

    public record Received(UUID id, String eventId) {
    }

    /** {@code overlap_hours}: how long the current secret stays accepted beside the new one (default 24). */
    public record Overlap(@Min(0) @Max(720) Integer overlapHours) {
    }

    /** A replay (A2) answers the same without the secret, and issues nothing. */
    public record IssuedSecret(UUID engineId, String secret, Instant previousAcceptedUntil) implements ShownOnce {

        @Override
        public IssuedSecret replay() {
            return new IssuedSecret(engineId, null, previousAcceptedUntil);
        }
    }
}
