package ai.humane.optouts.boundary;

import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.optouts.control.UnsubscribeToken;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The unsubscribe link of notification e-mails (K4), open to anyone who holds it: the signed token is the
 * whole authority, so no credential is asked for (RFC 8058 forbids the mail client to send one). GET is the
 * reader following the link; POST is the one-click unsubscribe a mail client sends with the body
 * {@code List-Unsubscribe=One-Click}, which is not needed and not read. Rate-limited per address like the
 * other public endpoints.
 */
@Dependent
@Path(UnsubscribeLinks.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OptOutsResource {

    @Inject
    OptOuts optOuts;

    @GET
    public Unsubscribed follow(@QueryParam("token") String token) {
        return Unsubscribed.of(optOuts.unsubscribe(token, "link"));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Unsubscribed oneClick(@QueryParam("token") String token) {
        return Unsubscribed.of(optOuts.unsubscribe(token, "one_click"));
    }

    /** The list that was stopped; the same answer the second time. */
    public record Unsubscribed(boolean unsubscribed, String list) {

        static Unsubscribed of(UnsubscribeToken token) {
            return new Unsubscribed(true, token.list().slug());
        }
    }
}
