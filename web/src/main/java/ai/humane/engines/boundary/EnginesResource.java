package ai.humane.engines.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.engines.entity.Engine;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's engines: viewers read, members and up write. */
@Dependent
@Path(HumaneApi.V1 + "engines")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnginesResource {

    static final String URL = "https?://[^\\s]{1,2040}";

    @Inject
    Engines engines;

    @POST
    @RolesAllowed("member")
    public Response create(@Valid @NotNull NewEngine body, @Context UriInfo uri) {
        Engine engine = engines.create(body.name(), body.kind(), body.config() == null ? "{}" : body.config().toString(),
                body.providerUrl(), body.providerApiKey());
        return Response.created(uri.getAbsolutePathBuilder().path(engine.id().toString()).build())
                .entity(view(engine)).build();
    }

    @GET
    public PageResponse<EngineView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(engines.list(Listing.limit(limit), cursor), EnginesResource::view);
    }

    @GET
    @Path("{id}")
    public EngineView get(@PathParam("id") UUID id) {
        return view(engines.find(id));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("member")
    public EngineView update(@PathParam("id") UUID id, @Valid @NotNull EngineChange body) {
        return view(engines.update(id, body.name(), JsonColumns.text(body.config()), body.providerUrl(),
                body.providerApiKey(), body.baaCovered()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("member")
    public Response delete(@PathParam("id") UUID id) {
        engines.delete(id);
        return Response.noContent().build();
    }

    /** Tokens and calls of an LLM engine per UTC day, newest first: the last {@code days} days (1–90, default 30). */
    @GET
    @Path("{id}/usage")
    public UsageView usage(@PathParam("id") UUID id, @QueryParam("days") String days) {
        return new UsageView(id, engines.usage(id, days(days)).stream().map(d -> new UsageDay(d.day().toString(),
                d.requests(), d.failures(), d.fallbacks(), d.promptTokens(), d.completionTokens())).toList());
    }

    private static int days(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 30;
        }
        if (raw.matches("\\d{1,2}") && Integer.parseInt(raw) >= 1 && Integer.parseInt(raw) <= 90) {
            return Integer.parseInt(raw);
        }
        throw new InvalidField("days", "must be a whole number from 1 to 90");
    }

    private static EngineView view(Engine engine) {
        return new EngineView(engine.id(), engine.name(), engine.kind(), JsonColumns.object(engine.config()),
                engine.providerUrl(), engine.hasProviderApiKey(), engine.baaCovered(), engine.createdAt().toInstant(),
                engine.updatedAt().toInstant());
    }

    public record NewEngine(@NotBlank @Size(max = 200) String name,
                            @NotNull @Pattern(regexp = "lexicon|llm") String kind,
                            JsonObject config,
                            @Pattern(regexp = URL) String providerUrl,
                            @Size(min = 1, max = 1000) String providerApiKey) {
    }

    /** {@code baa_covered} (owners and admins): the provider signed a BAA, so a BAA tenant's messages may go to it (O6). */
    public record EngineChange(@Size(min = 1, max = 200) String name,
                               JsonObject config,
                               @Pattern(regexp = URL) String providerUrl,
                               @Size(min = 1, max = 1000) String providerApiKey,
                               Boolean baaCovered) {
    }

    /** The provider key is never answered; {@code hasProviderApiKey} says whether one is kept. */
    public record EngineView(UUID id, String name, String kind, JsonObject config, String providerUrl,
                             boolean hasProviderApiKey, boolean baaCovered, Instant createdAt, Instant updatedAt) {
    }

    public record UsageView(UUID engineId, List<UsageDay> days) {
    }

    public record UsageDay(String day, long requests, long failures, long fallbacks, long promptTokens,
                           long completionTokens) {
    }
}
