package ai.humane.publicapi.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.publicapi.control.FaqEntry;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** FAQ search, the waiting list and the support form: open to anyone. */
@Dependent
@Path(HumaneApi.V1 + "public")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublicResource {

    @Inject
    PublicDesk desk;

    @GET
    @Path("faq")
    public FaqAnswer faq(@QueryParam("q") @Size(max = 200) String q) {
        return new FaqAnswer(desk.faq(q));
    }

    @POST
    @Path("waitlist")
    public Response waitlist(@Valid @NotNull WaitlistRequest body) {
        desk.joinWaitlist(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("support")
    public Response support(@Valid @NotNull SupportRequest body) {
        UUID id = desk.askSupport(body.email(), body.message());
        return Response.accepted(new SupportReceipt(id)).build();
    }

    /** Matching entries, best first. */
    public record FaqAnswer(List<FaqEntry> data) {
    }

    public record WaitlistRequest(@NotNull @Size(max = 320) String email) {
    }

    public record SupportRequest(@NotNull @Size(max = 320) String email,
                                 @NotBlank @Size(max = 5000) String message) {
    }

    public record SupportReceipt(UUID id) {
    }
}
