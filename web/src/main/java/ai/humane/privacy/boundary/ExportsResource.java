package ai.humane.privacy.boundary;

import ai.humane.edge.boundary.CutOnFailure;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.boundary.JsonColumns;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.privacy.control.DownloadLinks;
import ai.humane.privacy.control.PrivacyJob;
import ai.humane.problems.control.InvalidField;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Data export (L3): owners and admins ask for an archive of the account or of one end user, follow the job, and
 * download the archive by the short-lived signed link its status carries. Admin and up, since an archive is
 * everything the tenant holds, end users' conversations and the audit log included: the same people who may
 * already read the audit log and manage keys. The download needs no credential: the signed link is the
 * authority (15 minutes), so a browser can follow it.
 */
@Dependent
@Path(HumaneApi.V1 + "privacy/exports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExportsResource {

    @Inject
    Privacy privacy;

    @Inject
    Archives archives;

    @POST
    @RolesAllowed("admin")
    public Response create(@Valid @NotNull NewExport body, @Context UriInfo uri) {
        boolean endUser = "end_user".equals(body.scope());
        if (endUser != (body.endUserId() != null)) {
            throw new InvalidField("end_user_id", endUser ? "is required for the end_user scope" : "is only for the end_user scope");
        }
        PrivacyJob job = privacy.requestExport(body.endUserId()).job();
        return Response.accepted(view(job, Optional.empty()))
                .location(uri.getAbsolutePathBuilder().path(job.id().toString()).build()).build();
    }

    /** The tenant's exports, newest first; each with a fresh download link while its archive is there. */
    @GET
    @RolesAllowed("admin")
    public PageResponse<ExportView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(privacy.list("export", Listing.limit(limit), cursor), this::withLink);
    }

    @GET
    @Path("{id}")
    @RolesAllowed("admin")
    public ExportView get(@PathParam("id") UUID id) {
        return withLink(privacy.find("export", id));
    }

    private ExportView withLink(PrivacyJob job) {
        return view(job, privacy.link(job).map(link -> new Download(
                "/" + HumaneApi.V1 + "privacy/exports/" + job.id() + "/download?token=" + link.token(), link.expiresAt())));
    }

    @GET
    @Path("{id}/download")
    @PermitAll
    @Produces("application/zip")
    public Response download(@PathParam("id") UUID id, @QueryParam("token") String token,
                             @Context HttpServletResponse response) {
        DownloadLinks.Target target = archives.check(token, id);
        StreamingOutput archive = CutOnFailure.of(out -> archives.write(target, out), response);
        return archiveOf(id).entity(archive).build();
    }

    /**
     * The download's headers when the link is good, auditing nothing: answered by the GET above, a HEAD would
     * record a download whose archive was never sent.
     */
    @HEAD
    @Path("{id}/download")
    @PermitAll
    @Produces("application/zip")
    public Response downloadHeaders(@PathParam("id") UUID id, @QueryParam("token") String token) {
        archives.look(token, id);
        return archiveOf(id).build();
    }

    private static Response.ResponseBuilder archiveOf(UUID job) {
        return Response.ok().type("application/zip")
                .header("Content-Disposition", "attachment; filename=\"humane-export-" + job + ".zip\"")
                .header("Cache-Control", "no-store");
    }

    private static ExportView view(PrivacyJob job, Optional<Download> download) {
        return new ExportView(job.id(), job.scope(), job.status(), job.counts() == null ? null : JsonColumns.object(job.counts()), job.archiveBytes(),
                job.error(), job.createdAt(), job.finishedAt(), job.expiresAt(),
                download.map(Download::url).orElse(null), download.map(Download::expiresAt).orElse(null));
    }

    private record Download(String url, Instant expiresAt) {
    }

    public record NewExport(@NotNull @Pattern(regexp = "account|end_user") String scope, UUID endUserId) {
    }

    /**
     * {@code records} counts each kind of record in the archive once it succeeded; {@code download_url} is a
     * fresh signed link (15 minutes) while the archive is there ({@code archive_expires_at}).
     */
    public record ExportView(UUID id, String scope, String status, JsonObject records, Long archiveBytes, String error,
                             Instant createdAt, Instant finishedAt, Instant archiveExpiresAt, String downloadUrl,
                             Instant downloadExpiresAt) {
    }
}
