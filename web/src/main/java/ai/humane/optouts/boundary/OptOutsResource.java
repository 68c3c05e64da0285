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

/**
 * The unsubscribe link of notification e-mails (K4), open to anyone who holds it: the signed token is the
 * whole authority, so no credential is asked for (RFC 8058 forbids the mail client to send one). Only POST
 * unsubscribes: the mail client's one-click unsubscribe (RFC 8058, a form body
 * {@code List-Unsubscribe=One-Click}, which is not needed and not read) or the button of the console's page
 * the mail's body links to. GET, and HEAD which JAX-RS answers with it, only verify the token and say what
 * a POST would stop: mail scanners and link prefetchers open every link of a message, and opening one must
 * not opt an owner out. Rate-limited per address like the other public endpoints.
 */
@Dependent
@Path(UnsubscribeLinks.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OptOutsResource {

    @Inject
    OptOuts optOuts;

    @GET
    public Unsubscribed look(@QueryParam("token") String token) {
        return Unsubscribed.of(optOuts.look(token));
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
