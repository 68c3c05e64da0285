package ai.humane.optouts.boundary;

import ai.humane.optouts.control.UnsubscribeLinks;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The unsubscribe link of notification e-mails (K4), open to anyone who holds it: the signed token is the
 * whole authority, so no credential is asked for (RFC 8058 forbids the mail client to send one). Only POST
 * unsubscribes: the mail client's one-click unsubscribe (RFC 8058, a form body
 * {@code List-Unsubscribe=One-Click}, which is not needed and not read) or the button of the console's page
 * the mail's body links to. GET, and HEAD which JAX-RS answers with it, only verify the token and say what
 * a POST would stop: mail scanners and link prefetchers open every link of a message, and opening one must
 * not opt an owner out; a browser that opens it is sent to that page. Rate-limited per address like the other
 * public endpoints.
 */
@Dependent
@Path(UnsubscribeLinks.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OptOutsResource {

    /** The console's page for the link, which shows the list and stops it only when its button is pressed. */
    static final String CONSOLE_PAGE = "/unsubscribe";

    @Inject
    OptOuts optOuts;

    @GET
    public Unsubscribed look(@QueryParam("token") String token) {
        return Unsubscribed.of(optOuts.look(token));
    }

    /**
     * A person's browser opening the link (mails sent before the console page existed, mail clients without
     * one-click) is sent to the console's page, which says what the link stops and asks before it does: JSON that
     * records nothing would leave them believing they were unsubscribed. Chosen only when the request prefers
     * HTML ({@code qs} below JSON's, so a client accepting anything keeps the JSON answer).
     */
    @GET
    @Produces("text/html;qs=0.5")
    public Response page(@QueryParam("token") String token) {
        UriBuilder page = UriBuilder.fromPath(CONSOLE_PAGE);
        if (token != null) {
            page.queryParam("token", token);
        }
        return Response.seeOther(page.build()).header("Cache-Control", "no-store").build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Unsubscribed unsubscribe(@QueryParam("token") String token, @Context HttpHeaders headers) {
        // RFC 8058's POST is a form; the console's button sends no body.
        MediaType type = headers.getMediaType();
        boolean oneClick = type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
        return Unsubscribed.of(optOuts.unsubscribe(token, oneClick ? "one_click" : "link"));
    }

    /** The list the link is about and whether it is stopped: false before the POST, true after it, every time. */
    public record Unsubscribed(boolean unsubscribed, String list) {

        static Unsubscribed of(OptOuts.Choice choice) {
            return new Unsubscribed(choice.unsubscribed(), choice.list());
        }
    }
}
