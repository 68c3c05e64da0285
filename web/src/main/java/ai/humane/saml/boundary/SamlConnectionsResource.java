package ai.humane.saml.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.saml.control.SpUrls;
import ai.humane.saml.entity.SamlCertificate;
import ai.humane.saml.entity.SamlConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A tenant's SAML connections (S6): owners only (a connection can sign in as an owner of its domains). */
@Dependent
@Path(HumaneApi.V1 + "sso/saml/connections")
@RolesAllowed("owner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SamlConnectionsResource {

    static final String ROLE = "admin|member|viewer";
    static final int MAX_XML = 262_144;

    @Inject
    SamlConnections connections;

    @Inject
    SamlUrlBase urls;

    @Context
    HttpServletRequest request;

    @POST
    public Response create(@Valid @NotNull NewConnection body, @Context UriInfo uri) {
        SamlConnection created = connections.create(body.name(), body.idpMetadataXml(), body.idpMetadataUrl(),
                body.defaultRole() == null ? "member" : body.defaultRole(), Boolean.TRUE.equals(body.idpInitiated()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(view(created)).build();
    }

    @GET
    public PageResponse<ConnectionView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(connections.list(Listing.limit(limit), cursor), this::view);
    }

    @GET
    @Path("{id}")
    public ConnectionView get(@PathParam("id") UUID id) {
        return view(connections.find(id));
    }

    @PATCH
    @Path("{id}")
    public ConnectionView update(@PathParam("id") UUID id, @Valid @NotNull ConnectionChange body) {
        return view(connections.update(id, new SamlConnections.Change(body.name(), body.idpMetadataXml(),
                body.idpMetadataUrl(), body.defaultRole(), body.idpInitiated(), body.enabled())));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        connections.delete(id);
        return Response.noContent().build();
    }

    private ConnectionView view(SamlConnection connection) {
        SpUrls sp = urls.of(request, connection.id());
        List<CertificateView> certificates = connections.certificates(connection.id()).stream()
                .map(SamlConnectionsResource::view).toList();
        return new ConnectionView(connection.id(), connection.name(), connection.idpEntityId(), connection.idpSsoUrl(),
                connection.idpWantsSignedRequests(), connection.metadataUrl(), instant(connection.metadataFetchedAt()),
                connection.metadataError(), connection.defaultRole(), connection.idpInitiated(), connection.enabled(),
                sp.entityId(), sp.acsUrl(), sp.loginUrl(), certificates, instant(connection.createdAt()),
                instant(connection.updatedAt()));
    }

    private static CertificateView view(SamlCertificate certificate) {
        return new CertificateView(certificate.sha256(), certificate.subject(), certificate.notAfter().toInstant());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public record NewConnection(@NotBlank @Size(max = 100) String name,
                                @Size(min = 1, max = MAX_XML) String idpMetadataXml,
                                @Size(min = 8, max = 2048) String idpMetadataUrl,
                                @Pattern(regexp = ROLE) String defaultRole,
                                Boolean idpInitiated) {
    }

    public record ConnectionChange(@Size(min = 1, max = 100) String name,
                                   @Size(min = 1, max = MAX_XML) String idpMetadataXml,
                                   @Size(min = 8, max = 2048) String idpMetadataUrl,
                                   @Pattern(regexp = ROLE) String defaultRole,
                                   Boolean idpInitiated,
                                   Boolean enabled) {
    }

    /** {@code sp_entity_id} and {@code acs_url} are what the IdP must be configured with. */
    public record ConnectionView(UUID id, String name, String idpEntityId, String idpSsoUrl,
                                 boolean idpWantsSignedRequests, String idpMetadataUrl, Instant metadataFetchedAt,
                                 String metadataError, String defaultRole, boolean idpInitiated, boolean enabled,
                                 String spEntityId, String acsUrl, String loginUrl, List<CertificateView> certificates,
                                 Instant createdAt, Instant updatedAt) {
    }

    /** One trusted IdP signing certificate; {@code not_after} is when it expires. */
    public record CertificateView(String sha256, String subject, Instant notAfter) {
    }
}
