package ai.humane.endusers.boundary;

import ai.humane.analysis.control.Profile;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.endusers.entity.EndUser;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A tenant's end users: viewers read, members and up write. */
@Dependent
@Path(HumaneApi.V1 + "end-users")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EndUsersResource {

    @Inject
    EndUsers endUsers;

    @POST
    @RolesAllowed("member")
    public Response create(@Valid @NotNull NewEndUser body, @Context UriInfo uri) {
        String traits = traits(body.traits());
        EndUser endUser = endUsers.create(body.externalId(), traits == null ? "{}" : traits);
        return Response.created(uri.getAbsolutePathBuilder().path(endUser.id().toString()).build())
                .entity(view(endUser)).build();
    }

    @GET
    public PageResponse<EndUserView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(endUsers.list(Listing.limit(limit), cursor), EndUsersResource::view);
    }

    @GET
    @Path("{id}")
    public EndUserView get(@PathParam("id") UUID id) {
        return view(endUsers.get(id));
    }

    /**
     * Answers the end user whole: a read of them under a BAA (O6), which {@code EndUsers} records; any replay of it
     * records it again from the stored answer (A2), as every replay does the reads its request recorded.
     */
    @PATCH
    @Path("{id}")
    @RolesAllowed("member")
    public EndUserView update(@PathParam("id") UUID id, @Valid @NotNull EndUserChange body) {
        return view(endUsers.update(id, body.externalId(), traits(body.traits())));
    }

    /** The rolling profile: volume, sentiment over 7 and 30 days, emotions, flags, last activity. */
    @GET
    @Path("{id}/profile")
    public ProfileView profile(@PathParam("id") UUID id) {
        Profile p = endUsers.profile(id);
        return new ProfileView(id, p.lastActiveAt(), new MessageCounts(p.messages(), p.messages7(), p.messages30()),
                new SentimentWindows(window(p.sentiment7()), window(p.sentiment30())), p.emotions30(), p.flags(),
                p.flaggedMessages());
    }

    private static SentimentWindow window(Profile.Window window) {
        return new SentimentWindow(window.mean(), window.analysed());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("member")
    public Response delete(@PathParam("id") UUID id) {
        endUsers.delete(id);
        return Response.noContent().build();
    }

    private static EndUserView view(EndUser endUser) {
        return new EndUserView(endUser.id(), endUser.externalId(), JsonColumns.object(endUser.traits()),
                endUser.createdAt().toInstant(), endUser.updatedAt().toInstant());
    }

    /** The largest {@code traits}, as JSON text in UTF-8: a page of 200 end users stays a few MiB. */
    static final int TRAITS_BYTES = 16_384;

    /**
     * An {@code external_id} is held to {@link EndUser#EXTERNAL_ID} by EndUsers, when it is given to an end user: on
     * creation, and on a change only when it differs from the stored one.
     */
    public record NewEndUser(@NotNull @Size(min = 1, max = 255) String externalId, JsonObject traits) {
    }

    public record EndUserChange(@Size(min = 1, max = 255) String externalId, JsonObject traits) {
    }

    private static String traits(JsonObject traits) {
        String text = JsonColumns.text(traits);
        if (text != null && text.getBytes(StandardCharsets.UTF_8).length > TRAITS_BYTES) {
            throw new InvalidField("traits", "must be at most " + TRAITS_BYTES + " bytes as JSON");
        }
        return text;
    }

    /** Emotions are shares over the last 30 days; flags count messages that raised each, all time. */
    public record ProfileView(UUID endUserId, Instant lastActiveAt, MessageCounts messages, SentimentWindows sentiment,
                              Map<String, Double> emotions, Map<String, Long> flags, long flaggedMessages) {
    }

    public record MessageCounts(long total, long lastSevenDays, long lastThirtyDays) {
    }

    public record SentimentWindows(SentimentWindow lastSevenDays, SentimentWindow lastThirtyDays) {
    }

    /** The mean score of the analysed messages of a window (null without any) and how many there were. */
    public record SentimentWindow(Double mean, long analysed) {
    }

    public record EndUserView(UUID id, String externalId, JsonObject traits, Instant createdAt, Instant updatedAt) {
    }
}
