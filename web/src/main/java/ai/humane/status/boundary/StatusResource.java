package ai.humane.status.boundary;

import ai.humane.edge.boundary.HumaneApi;

import ai.humane.status.control.Board;
import ai.humane.status.control.Component;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The public status page (O2): every component's state and latest figure, its 90 days as uptime bars, and the
 * incidents operators opened, as JSON here and as a page at {@code /status} ({@link StatusPageResource}). No sign-in; the answers name no host, version or
 * query, are cached briefly by the server and by clients, and are rate-limited with the public endpoints (A1).
 */
@Dependent
@Path(HumaneApi.V1 + "status")
@PermitAll
public class StatusResource {

    @Inject
    StatusReports reports;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        return cached(Response.ok(view(reports.current())), reports.cacheSeconds());
    }

    /** Public and short-lived: a visitor's browser or a CDN may keep it as long as the server does. */
    static Response cached(Response.ResponseBuilder answer, int seconds) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(seconds);
        cache.setNoTransform(false);
        return answer.cacheControl(cache).build();
    }

    static StatusView view(Board board) {
        return new StatusView(board.state().slug(), board.updatedAt(),
                board.components().stream().map(StatusResource::component).toList(),
                board.incidents().stream().map(i -> new IncidentView(i.id(), i.title(), i.impact(), i.status(),
                        i.openedAt(), i.resolvedAt(), i.updates().stream()
                        .map(u -> new IncidentUpdateView(u.status(), u.message(), u.at())).toList())).toList());
    }

    private static ComponentView component(Board.Report report) {
        Component component = report.component();
        return new ComponentView(component.slug(), component.label(), report.state().slug(),
                StatusHtml.summary(component, report.state(), report.figure()), report.figure(),
                report.figure() == null ? null : component.unit(), report.checkedAt(), report.uptimePercent(),
                report.days().stream().map(d -> new DayView(d.date(), d.state() == null ? "no_data" : d.state().slug(),
                        d.uptimePercent())).toList());
    }

    /** The whole page: the worst state of any component, when it was last probed, components, incidents. */
    public record StatusView(String state, Instant updatedAt, List<ComponentView> components,
                             List<IncidentView> incidents) {
    }

    /** One component; {@code value} and {@code unit} are null when the last probe measured nothing. */
    public record ComponentView(String name, String label, String state, String summary, Double value, String unit,
                                Instant checkedAt, double uptimePercent, List<DayView> days) {
    }

    /** One UTC day of the last 90, oldest first; {@code no_data} when the component was not probed that day. */
    public record DayView(LocalDate date, String state, Double uptimePercent) {
    }

    public record IncidentView(UUID id, String title, String impact, String status, Instant openedAt,
                               Instant resolvedAt, List<IncidentUpdateView> updates) {
    }

    /** A step of an incident's timeline, newest first. */
    public record IncidentUpdateView(String status, String message, Instant at) {
    }
}
