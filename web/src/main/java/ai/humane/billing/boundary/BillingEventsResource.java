package ai.humane.billing.boundary;

import ai.humane.edge.boundary.HumaneApi;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The billing provider's signed events; the signature is the credential, checked on the raw body first. An applied
 * event is 204; one older than the last applied is 200 and says so, for whoever reads the provider's delivery log.
 */
@Dependent
@Path(HumaneApi.V1 + "billing/events")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BillingEventsResource {

    @Inject
    BillingEvents events;

    @POST
    public Response receive(@HeaderParam("Humane-Signature") String signature, byte[] body) {
        BillingEvents.Received received = events.accept(signature, body);
        if (received.applied()) {
            return Response.noContent().build();
        }
        return Response.ok(new NotApplied(received.id(), false, received.lastApplied().getEpochSecond(),
                "Acknowledged but not applied: an event created later (or in the same second, more restrictive)"
                        + " was applied to this subscription before")).build();
    }

    /** An event older than the tenant's last applied one ({@code last_applied_created}, epoch seconds). */
    public record NotApplied(String id, boolean applied, long lastAppliedCreated, String detail) {
    }
}
