package ai.humane.status.boundary;

import ai.humane.status.boundary.StatusResource.ComponentView;
import ai.humane.status.boundary.StatusResource.DayView;
import ai.humane.status.boundary.StatusResource.IncidentUpdateView;
import ai.humane.status.boundary.StatusResource.IncidentView;
import ai.humane.status.boundary.StatusResource.StatusView;
import ai.humane.status.control.Component;
import ai.humane.status.control.State;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Renders the status page: a banner with the overall state, one row per component with its latest figure and
 * 90 bars (one per day, coloured by its worst state, its uptime in the bar's title), then the incidents with
 * their timelines. Every value is HTML-escaped; operators' incident text included.
 */
final class StatusHtml {

    static final String CSS = """
            body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d2330}
            h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
            .banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}
            .s-operational{background:#1f8a4c}.s-degraded{background:#c78a00}.s-outage{background:#c0392b}
            .s-no_data{background:#d5d9e0}
            .component{border-bottom:1px solid #e3e6eb;padding:.75rem 0}
            .component header{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
            .state{font-weight:600}.state.operational{color:#1f8a4c}.state.degraded{color:#a06e00}.state.outage{color:#c0392b}
            .bars{display:flex;gap:1px;height:2rem;margin:.5rem 0 .25rem}
            .bar{flex:1;border-radius:1px}
            .legend{display:flex;justify-content:space-between;font-size:.8rem;color:#5b6474}
            .incident{border-left:4px solid #c78a00;padding:.25rem 1rem;margin:1rem 0}
            .incident.resolved{border-color:#1f8a4c}
            .incident ol{list-style:none;padding:0}.incident time,.muted{color:#5b6474;font-size:.9rem}
            """;

    private static final Map<String, String> HEADLINES = Map.of(
            "operational", "All systems operational",
            "degraded", "Some systems are degraded",
            "outage", "Some systems are down");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private StatusHtml() {
    }

    static String page(StatusView status) {
        StringBuilder html = new StringBuilder(16_384).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Humane status</title><link rel="stylesheet" href="/status/style.css"></head>
                <body><h1>Humane status</h1>
                """);
        html.append("<p class=\"banner s-").append(status.state()).append("\">")
                .append(escape(HEADLINES.getOrDefault(status.state(), status.state()))).append("</p>\n");
        html.append("<p class=\"muted\">").append(status.updatedAt() == null ? "Not probed yet"
                : "Last probed " + time(status.updatedAt())).append(". Also as <a href=\"/api/v1/status\">JSON</a>.</p>\n");
        html.append("<h2>Components</h2>\n");
        status.components().forEach(component -> component(html, component));
        incidents(html, status);
        return html.append("</body></html>\n").toString();
    }

    /** What the figure means in words, the same on the page and in the JSON. */
    static String summary(Component component, State state, Double figure) {
        if (figure == null) {
            return switch (component) {
                case SCHEMA -> state == State.OPERATIONAL ? "Schema matches this release" : "Schema does not match this release";
                case BACKUPS -> "No recent backup";
                default -> state == State.OPERATIONAL ? "Operational" : "Not answering";
            };
        }
        String value = figure == Math.rint(figure) ? String.valueOf(figure.longValue()) : String.valueOf(figure);
        return switch (component) {
            case DATABASE -> value + " ms round trip";
            case CERTIFICATE -> figure < 0 ? "Expired" : value + " days until the certificate expires";
            // The webhook figure is the dispatcher's lateness (V58): how long a tenant's due deliveries have waited
            // for a try, not how old its queue is.
            case WEBHOOKS -> figure == 0 ? "Nothing waiting" : "Longest wait for a try " + value + " s";
            case MAIL -> figure == 0 ? "Nothing waiting" : "Oldest waiting " + value + " s";
            case BACKUPS -> "Last good backup " + value + " h ago";
            default -> value;
        };
    }

    private static void component(StringBuilder html, ComponentView component) {
        html.append("<section class=\"component\"><header><strong>").append(escape(component.label()))
                .append("</strong><span class=\"state ").append(component.state()).append("\">")
                .append(escape(component.state())).append("</span></header>\n<div>").append(escape(component.summary()))
                .append("</div>\n<div class=\"bars\">");
        for (DayView day : component.days()) {
            html.append("<span class=\"bar s-").append(day.state()).append("\" title=\"").append(day.date()).append(": ")
                    .append(day.uptimePercent() == null ? "no data" : day.uptimePercent() + "% up").append("\"></span>");
        }
        html.append("</div>\n<div class=\"legend\"><span>90 days ago</span><span>")
                .append(component.uptimePercent()).append("% uptime</span><span>Today</span></div></section>\n");
    }

    private static void incidents(StringBuilder html, StatusView status) {
        html.append("<h2>Incidents</h2>\n");
        if (status.incidents().isEmpty()) {
            html.append("<p class=\"muted\">No incidents in the last 14 days.</p>\n");
        }
        for (IncidentView incident : status.incidents()) {
            html.append("<article class=\"incident ").append(incident.resolvedAt() == null ? "open" : "resolved")
                    .append("\"><h3>").append(escape(incident.title())).append("</h3>\n<p class=\"muted\">Impact: ")
                    .append(escape(incident.impact())).append(" &middot; ").append(escape(incident.status()))
                    .append(" &middot; opened ").append(time(incident.openedAt())).append("</p>\n<ol>");
            for (IncidentUpdateView update : incident.updates()) {
                html.append("<li><strong>").append(escape(update.status())).append("</strong> <time>")
                        .append(time(update.at())).append("</time><br>").append(escape(update.message())).append("</li>");
            }
            html.append("</ol></article>\n");
        }
    }

    private static String time(Instant at) {
        return TIME.format(at);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
