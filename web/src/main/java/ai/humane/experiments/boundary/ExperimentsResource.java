package ai.humane.experiments.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.experiments.control.Results;
import ai.humane.experiments.entity.Experiment;
import ai.humane.json.control.JsonP;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** A/B experiments over engines: viewers read, members and up write. */
@Dependent
@Path(HumaneApi.V1 + "experiments")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExperimentsResource {

    @Inject
    Experiments experiments;

    @POST
    @RolesAllowed("member")
    public Response create(@Valid @NotNull NewExperiment body, @Context UriInfo uri) {
        Experiment experiment = experiments.create(body.name(), stored(body.variants()), engineIds(body.variants()));
        return Response.created(uri.getAbsolutePathBuilder().path(experiment.id().toString()).build())
                .entity(view(experiment)).build();
    }

    @GET
    public PageResponse<ExperimentView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(experiments.list(Listing.limit(limit), cursor), ExperimentsResource::view);
    }

    @GET
    @Path("{id}")
    public ExperimentView get(@PathParam("id") UUID id) {
        return view(experiments.find(id));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("member")
    public ExperimentView update(@PathParam("id") UUID id, @Valid @NotNull ExperimentChange body) {
        List<Variant> variants = body.variants();
        return view(experiments.update(id, body.name(), body.status(), variants == null ? null : stored(variants),
                variants == null ? List.of() : engineIds(variants)));
    }

    /** Per variant counts, means and flag rates with 95 % intervals, and each variant against the first. */
    @GET
    @Path("{id}/results")
    public ExperimentResultsView results(@PathParam("id") UUID id) {
        Results r = experiments.results(id);
        return new ExperimentResultsView(r.experimentId(), r.status(), r.confidence(), r.minSample(), r.variants(),
                r.comparisons());
    }

    private static String stored(List<Variant> variants) {
        if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
            throw new InvalidField("variants", "variant names must be unique");
        }
        JsonArrayBuilder array = JsonP.createArrayBuilder();
        variants.forEach(v -> array.add(JsonP.createObjectBuilder()
                .add("name", v.name()).add("engine_id", v.engineId().toString()).add("weight", v.weight())));
        return array.build().toString();
    }

    private static List<UUID> engineIds(List<Variant> variants) {
        return List.copyOf(new HashSet<>(variants.stream().map(Variant::engineId).toList()));
    }

    private static ExperimentView view(Experiment experiment) {
        return new ExperimentView(experiment.id(), experiment.name(), experiment.status(),
                JsonColumns.array(experiment.variants()), experiment.createdAt().toInstant(),
                experiment.updatedAt().toInstant());
    }

    public record Variant(@NotBlank @Size(max = 100) String name, @NotNull UUID engineId,
                          @NotNull @Min(1) @Max(10000) Integer weight) {
    }

    public record NewExperiment(@NotBlank @Size(max = 200) String name,
                                @NotNull @Size(min = 2, max = 10) List<@Valid @NotNull Variant> variants) {
    }

    /** Each field is optional; a name, when given, is not blank, as on create. */
    public record ExperimentChange(@Size(min = 1, max = 200)
                                   @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name,
                                   @Pattern(regexp = "draft|running|stopped") String status,
                                   @Size(min = 2, max = 10) List<@Valid @NotNull Variant> variants) {
    }

    public record ExperimentResultsView(UUID experimentId, String status, double confidence, int minSample,
                                        List<Results.VariantResult> variants, List<Results.Comparison> comparisons) {
    }

    public record ExperimentView(UUID id, String name, String status, JsonArray variants, Instant createdAt,
                                 Instant updatedAt) {
    }
}
