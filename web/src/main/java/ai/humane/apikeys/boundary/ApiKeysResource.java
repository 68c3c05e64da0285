package ai.humane.apikeys.boundary;

import ai.humane.apikeys.entity.ApiKey;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.idempotency.boundary.ShownOnce;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.tenancy.entity.Scope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** The tenant's API keys (K1): owners and admins only; the key itself is in the creation answer and nowhere else. */
@Dependent
@Path(HumaneApi.V1 + "api-keys")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    @Inject
    ApiKeys keys;

    @POST
    public Response issue(@Valid @NotNull NewApiKey body, @Context UriInfo uri) {
        ApiKeys.IssuedKey issued = keys.issue(body.name(), body.scope());
        ApiKey key = issued.key();
        return Response.created(uri.getAbsolutePathBuilder().path(key.id().toString()).build())
                .entity(new IssuedApiKey(key.id(), issued.secret().value(), key.prefix(), key.name(),
                        scopes(key.scope()), key.createdAt().toInstant(), instant(key.expiresAt())))
                .build();
    }

    @GET
    public PageResponse<ApiKeyView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(keys.list(Listing.limit(limit), cursor), ApiKeysResource::view);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") UUID id) {
        keys.revoke(id);
        return Response.noContent().build();
    }

    private static ApiKeyView view(ApiKey key) {
        return new ApiKeyView(key.id(), key.name(), key.prefix(), scopes(key.scope()), key.role().value(),
                key.createdAt().toInstant(), instant(key.expiresAt()), instant(key.revokedAt()));
    }

    private static Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static List<String> scopes(Scope scope) {
        return scope == Scope.WRITE ? List.of("read", "write") : List.of("read");
    }

    /** {@code scopes} defaults to read-only: a key gets write access only when asked for. */
    public record NewApiKey(@NotBlank @Size(max = 200) String name,
                            @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = "read|write") String> scopes) {

        Scope scope() {
            return scopes != null && scopes.contains("write") ? Scope.WRITE : Scope.READ;
        }
    }

    /** A replay (A2) answers the same without the key: it is shown once. */
    public record IssuedApiKey(UUID id, String key, String prefix, String name, List<String> scopes, Instant createdAt,
                               Instant expiresAt) implements ShownOnce {

        @Override
        public IssuedApiKey replay() {
            return new IssuedApiKey(id, null, prefix, name, scopes, createdAt, expiresAt);
        }
    }

    /** {@code expires_at}: set under a BAA (O6), null otherwise. */
    public record ApiKeyView(UUID id, String name, String prefix, List<String> scopes, String role, Instant createdAt,
                             Instant expiresAt, Instant revokedAt) {
    }
}
