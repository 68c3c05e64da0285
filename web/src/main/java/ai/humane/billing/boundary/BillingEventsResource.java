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

/** The billing provider's signed events; the signature is the credential, checked on the raw body first. */
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
        events.accept(signature, body);
        return Response.noContent().build();
    }
}
