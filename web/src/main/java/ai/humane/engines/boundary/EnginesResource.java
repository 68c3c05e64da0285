package ai.humane.engines.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.engines.entity.Engine;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.UUID;

/** A tenant's engines: viewers read, members and up write. */
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
        body.refuseProviderKey();
        Engine engine = engines.create(body.name(), body.kind(), body.config() == null ? "{}" : body.config().toString(),
                body.providerUrl());
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
        body.refuseProviderKey();
        return view(engines.update(id, body.name(), JsonColumns.text(body.config()), body.providerUrl()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("member")
    public Response delete(@PathParam("id") UUID id) {
        engines.delete(id);
        return Response.noContent().build();
    }

    private static EngineView view(Engine engine) {
        return new EngineView(engine.id(), engine.name(), engine.kind(), JsonColumns.object(engine.config()),
                engine.providerUrl(), engine.createdAt().toInstant(), engine.updatedAt().toInstant());
    }

    /**
     * Provider API keys must be stored encrypted (K3); until the key ring exists the field is refused,
     * never stored in clear.
     */
    private static void refuseProviderKey(String providerApiKey) {
        if (providerApiKey != null) {
            throw new InvalidField("provider_api_key", "cannot be stored yet: field encryption (K3) is not enabled");
        }
    }

    public record NewEngine(@NotBlank @Size(max = 200) String name,
                            @NotNull @Pattern(regexp = "lexicon|llm") String kind,
                            JsonObject config,
                            @Pattern(regexp = URL) String providerUrl,
                            String providerApiKey) {

        void refuseProviderKey() {
            EnginesResource.refuseProviderKey(providerApiKey);
        }
    }

    public record EngineChange(@Size(min = 1, max = 200) String name,
                               JsonObject config,
                               @Pattern(regexp = URL) String providerUrl,
                               String providerApiKey) {

        void refuseProviderKey() {
            EnginesResource.refuseProviderKey(providerApiKey);
        }
    }

    public record EngineView(UUID id, String name, String kind, JsonObject config, String providerUrl,
                             Instant createdAt, Instant updatedAt) {
    }
}
