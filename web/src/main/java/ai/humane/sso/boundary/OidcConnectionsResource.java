package ai.humane.sso.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.sso.entity.OidcConnection;
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

/**
 * A tenant's own OIDC connections (S5): owners only, since a connection can sign in as anyone of its verified
 * domains, the owners included (an admin must not be able to mint an owner's session); the client secret is
 * written, never read.
 */
@Dependent
@Path(HumaneApi.V1 + "sso/oidc/connections")
@RolesAllowed("owner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OidcConnectionsResource {

    static final String ISSUER = "https?://[^\\s]{1,490}";
    static final String ROLE = "admin|member|viewer";

    @Inject
    OidcConnections connections;

    @POST
    public Response create(@Valid @NotNull NewOidcConnection body, @Context UriInfo uri) {
        OidcConnection created = connections.create(body.name(), body.issuer(), body.clientId(), body.clientSecret(),
                body.defaultRole());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(view(created)).build();
    }

    @GET
    public PageResponse<OidcConnectionView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(connections.list(Listing.limit(limit), cursor), OidcConnectionsResource::view);
    }

    @GET
    @Path("{id}")
    public OidcConnectionView get(@PathParam("id") UUID id) {
        return view(connections.find(id));
    }

    @PATCH
    @Path("{id}")
    public OidcConnectionView update(@PathParam("id") UUID id, @Valid @NotNull OidcConnectionChange body) {
        return view(connections.update(id, body.name(), body.issuer(), body.clientId(), body.clientSecret(), body.defaultRole()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        connections.delete(id);
        return Response.noContent().build();
    }

    private static OidcConnectionView view(OidcConnection connection) {
        return new OidcConnectionView(connection.id(), connection.name(), connection.issuer(), connection.clientId(),
                connection.defaultRole().value(), "/" + HumaneApi.V1 + "auth/oidc/" + connection.id() + "/login",
                connection.createdAt().toInstant(), connection.updatedAt().toInstant());
    }

    public record NewOidcConnection(@NotBlank @Size(max = 200) String name,
                                    @NotNull @Pattern(regexp = ISSUER) String issuer,
                                    @NotBlank @Size(max = 500) String clientId,
                                    @NotBlank @Size(max = 1000) String clientSecret,
                                    @Pattern(regexp = ROLE) String defaultRole) {
    }

    public record OidcConnectionChange(@Size(min = 1, max = 200) String name,
                                       @Pattern(regexp = ISSUER) String issuer,
                                       @Size(min = 1, max = 500) String clientId,
                                       @Size(min = 1, max = 1000) String clientSecret,
                                       @Pattern(regexp = ROLE) String defaultRole) {
    }

    /** The client secret is never answered. */
    public record OidcConnectionView(UUID id, String name, String issuer, String clientId, String defaultRole,
                                     String loginPath, Instant createdAt, Instant updatedAt) {
    }
}
