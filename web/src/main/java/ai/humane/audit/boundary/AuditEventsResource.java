package ai.humane.audit.boundary;

import ai.humane.audit.control.AuditFilter;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Providers;

/**
 * The tenant's audit log (L1), for owners and admins: filtered pages newest first, a streamed export
 * (JSON Lines or CSV, oldest first) and the verification of the hash chain.
 */
@Dependent
@Path(HumaneApi.V1 + "audit-events")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventsResource {

    @Inject
    AuditEvents events;

    @Context
    Providers providers;

    @GET
    public PageResponse<AuditEventView> list(@QueryParam("action") String action, @QueryParam("actor") String actor,
                                             @QueryParam("since") String since, @QueryParam("until") String until,
                                             @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        AuditFilter filter = AuditFilter.parse(action, actor, since, until);
        return PageResponse.of(events.list(filter, Listing.limit(limit), cursor), AuditEventView::of);
    }

    @GET
    @Path("export")
    @Produces({AuditExport.JSONL, AuditExport.CSV})
    public Response export(@QueryParam("format") String format, @QueryParam("action") String action,
                           @QueryParam("actor") String actor, @QueryParam("since") String since,
                           @QueryParam("until") String until) {
        AuditExport.Format chosen = AuditExport.Format.parse(format);
        AuditExport export = new AuditExport(events, AuditFilter.parse(action, actor, since, until), chosen, jsonb());
        return Response.ok(export, chosen.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events." + chosen.extension() + "\"")
                .build();
    }

    @GET
    @Path("verify")
    public Verification verify() {
        var verified = events.verify();
        return new Verification(verified.valid(), verified.eventsChecked(), verified.firstBadSeq());
    }

    private Jsonb jsonb() {
        return providers.getContextResolver(Jsonb.class, MediaType.APPLICATION_JSON_TYPE).getContext(AuditEventView.class);
    }

    /** {@code first_bad_seq} is null when the chain is intact. */
    public record Verification(boolean valid, long eventsChecked, Long firstBadSeq) {
    }
}
