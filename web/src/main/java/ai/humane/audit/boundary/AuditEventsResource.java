package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditCheckpoints;
import ai.humane.audit.control.AuditFilter;
import ai.humane.audit.control.AuditLogBusy;
import ai.humane.audit.control.ExportPlaces;
import ai.humane.edge.boundary.CutOnFailure;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Providers;
import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's audit log (L1), for owners and admins: filtered pages newest first, a streamed export
 * (JSON Lines or CSV, oldest first), the verification of the hash chain, and signed checkpoints of its head that the
 * tenant keeps outside the platform and brings back to prove the chain was not rewritten since.
 */
@Dependent
@Path(HumaneApi.V1 + "audit-events")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventsResource {

    @Inject
    AuditEvents events;

    @Inject
    AuditExportPlaces places;

    @Inject
    ExportPlaceOfRequest placeOfRequest;

    @Context
    Providers providers;

    @Inject
    SecurityContext security;

    @GET
    public PageResponse<AuditEventView> list(@QueryParam("action") String action, @QueryParam("actor") String actor,
                                             @QueryParam("since") String since, @QueryParam("until") String until,
                                             @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        AuditFilter filter = AuditFilter.parse(action, actor, since, until);
        return PageResponse.of(events.list(filter, Listing.limit(limit), cursor), AuditEventView::of);
    }

    /**
     * Streams the log; at most {@link ExportPlaces#PER_TENANT} of one tenant's exports at once across every instance
     * (each walks the whole log), else 429 with {@code Retry-After}. The place is given back when the stream ends, and
     * at the latest when the request does (should its stream never be written). A stream that fails once it has begun
     * (a batch's read fails, or its place went to another export) is cut, without the chunked terminator
     * ({@link CutOnFailure}): never a short export that looks whole.
     */
    @GET
    @Path("export")
    @Produces({AuditExport.JSONL, AuditExport.CSV})
    public Response export(@BeanParam ExportQuery query, @Context HttpServletResponse response) {
        AuditExport.Format chosen = query.format();
        AuditFilter filter = query.filter();
        UUID place = places.take(TenantCaller.of(security).tenantId())
                .orElseThrow(() -> AuditLogBusy.exporting(ExportPlaces.PER_TENANT));
        placeOfRequest.hold(place);
        AuditExport export = new AuditExport(events, filter, chosen, jsonb(), place, () -> places.giveBack(place));
        return exportOf(chosen).entity(CutOnFailure.of(export, response)).build();
    }

    /**
     * The export's headers for the same parameters, without reading the log or taking a place: answered by the GET
     * above, a HEAD would take a place whose stream is never written, so never given back.
     */
    @HEAD
    @Path("export")
    @Produces({AuditExport.JSONL, AuditExport.CSV})
    public Response exportHeaders(@BeanParam ExportQuery query) {
        query.filter();
        return exportOf(query.format()).build();
    }

    private static Response.ResponseBuilder exportOf(AuditExport.Format format) {
        return Response.ok().type(format.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events." + format.extension() + "\"");
    }

    @GET
    @Path("verify")
    public Verification verify() {
        var verified = events.verify();
        return new Verification(verified.valid(), verified.eventsChecked(), verified.firstBadSeq());
    }

    /**
     * The chain head as a signed checkpoint (a compact ES256 JWS under a key of the published JWKS), for the tenant to
     * keep: anyone can check its signature, and {@code POST checkpoint/verify} checks it against the chain later.
     */
    @GET
    @Path("checkpoint")
    public CheckpointView checkpoint() {
        var taken = events.checkpoint();
        return new CheckpointView(taken.head().seq(), taken.head().hashHex(), taken.at(), taken.jws());
    }

    /**
     * Whether the chain still has, at the checkpoint's seq, the hash the checkpoint signed; a checkpoint that is not
     * one of this tenant's, signed by a current key, is 400 {@code validation}.
     */
    @POST
    @Path("checkpoint/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public CheckpointVerification verifyCheckpoint(@Valid @NotNull KeptCheckpoint body) {
        var held = events.holds(body.checkpoint());
        return new CheckpointVerification(held.valid(), held.seq(), held.matches());
    }

    private Jsonb jsonb() {
        return providers.getContextResolver(Jsonb.class, MediaType.APPLICATION_JSON_TYPE).getContext(AuditEventView.class);
    }

    /** The export's parameters: its format and the list's filter. */
    public static class ExportQuery {
        @QueryParam("format")
        String format;
        @QueryParam("action")
        String action;
        @QueryParam("actor")
        String actor;
        @QueryParam("since")
        String since;
        @QueryParam("until")
        String until;

        AuditExport.Format format() {
            return AuditExport.Format.parse(format);
        }

        AuditFilter filter() {
            return AuditFilter.parse(action, actor, since, until);
        }
    }

    /** {@code first_bad_seq} is null when the chain is intact. */
    public record Verification(boolean valid, long eventsChecked, Long firstBadSeq) {
    }

    /** {@code hash} is 64 lower-case hex digits, as in the event list; {@code at} is when the checkpoint was taken. */
    public record CheckpointView(long seq, String hash, Instant at, String checkpoint) {
    }

    public record KeptCheckpoint(@NotNull @Size(max = AuditCheckpoints.MAX_CHARS) String checkpoint) {
    }

    /** {@code valid}: the chain up to {@code seq} verifies; {@code matches}: and it still has the checkpoint's hash. */
    public record CheckpointVerification(boolean valid, long seq, boolean matches) {
    }
}
