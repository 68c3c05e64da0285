package ai.humane.status.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The status page for people (O2), at the site root: the same board as {@code /api/v1/status}, rendered on the
 * server. No script and no inline style, so its policy needs neither {@code 'unsafe-inline'} nor a nonce: the
 * one stylesheet is {@code /status/style.css}.
 */
@Dependent
@Path("status")
@PermitAll
public class StatusPageResource {

    @Inject
    StatusReports reports;

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response page() {
        return StatusResource.cached(Response.ok(StatusHtml.page(StatusResource.view(reports.current()))),
                reports.cacheSeconds());
    }

    @GET
    @Path("style.css")
    @Produces("text/css;charset=utf-8")
    public Response style() {
        return StatusResource.cached(Response.ok(StatusHtml.CSS), 3600);
    }
}
