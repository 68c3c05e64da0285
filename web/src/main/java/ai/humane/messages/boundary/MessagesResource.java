package ai.humane.messages.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.messages.entity.ConversationMessage;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/** The conversation of one end user: viewers read, members and up post. */
@Path(HumaneApi.V1 + "end-users/{endUserId}/messages")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    Messages messages;

    @POST
    @RolesAllowed("member")
    public Response post(@PathParam("endUserId") UUID endUserId, @Valid @NotNull NewMessage body) {
        ConversationMessage message = messages.post(endUserId, body.engineId(), body.role(), body.content());
        return Response.status(Response.Status.CREATED).entity(view(message)).build();
    }

    @GET
    public PageResponse<MessageView> list(@PathParam("endUserId") UUID endUserId, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor) {
        return PageResponse.of(messages.of(endUserId, Listing.limit(limit), cursor), MessagesResource::view);
    }

    private static MessageView view(ConversationMessage message) {
        return new MessageView(message.id(), message.endUserId(), message.engineId(), message.role(), message.content(),
                message.createdAt().toInstant());
    }

    public record NewMessage(@NotNull UUID engineId,
                             @NotNull @Pattern(regexp = "user|assistant|system") String role,
                             @NotBlank @Size(max = 32768) String content) {
    }

    public record MessageView(UUID id, UUID endUserId, UUID engineId, String role, String content, Instant createdAt) {
    }
}
