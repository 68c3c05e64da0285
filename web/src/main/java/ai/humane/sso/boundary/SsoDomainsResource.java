package ai.humane.sso.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.sso.entity.SsoDomain;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's SSO domains (S5, S6): owners claim, verify by DNS TXT, list and remove them. Owners only: a verified
 * domain decides whose sessions the tenant's connections may open, the owners' included.
 */
@Dependent
@Path(HumaneApi.V1 + "sso/domains")
@RolesAllowed("owner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SsoDomainsResource {

    @Inject
    SsoDomains domains;

    @POST
    public Response claim(@Valid @NotNull NewSsoDomain body, @Context UriInfo uri) {
        SsoDomain claimed = domains.claim(body.domain());
        return Response.created(uri.getAbsolutePathBuilder().path(claimed.id().toString()).build()).entity(view(claimed)).build();
    }

    @GET
    public PageResponse<SsoDomainView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(domains.list(Listing.limit(limit), cursor), SsoDomainsResource::view);
    }

    @GET
    @Path("{id}")
    public SsoDomainView get(@PathParam("id") UUID id) {
        return view(domains.find(id));
    }

    @POST
    @Path("{id}/verify")
    public SsoDomainView verify(@PathParam("id") UUID id) {
        return view(domains.verify(id));
    }

    @PATCH
    @Path("{id}")
    public SsoDomainView change(@PathParam("id") UUID id, @Valid @NotNull SsoDomainChange body) {
        return view(domains.requireSso(id, body.requireSso()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        domains.delete(id);
        return Response.noContent().build();
    }

    private static SsoDomainView view(SsoDomain domain) {
        return new SsoDomainView(domain.id(), domain.domain(), domain.verifiedAt() != null, domain.requiresSso(), domain.recordName(),
                domain.recordValue(), domain.createdAt().toInstant(),
                domain.verifiedAt() == null ? null : domain.verifiedAt().toInstant());
    }

    public record NewSsoDomain(@NotBlank @Size(max = 253) String domain) {
    }

    /** {@code txtName} and {@code txtValue}: the DNS record that proves the domain. */
    /** {@code requireSso}: password sign-in of the domain's people refused, owners excepted (break-glass, audited). */
    public record SsoDomainChange(@NotNull Boolean requireSso) {
    }

    public record SsoDomainView(UUID id, String domain, boolean verified, boolean requireSso, String txtName, String txtValue,
                                Instant createdAt, Instant verifiedAt) {
    }
}
