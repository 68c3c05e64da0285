package ai.humane.privacy.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.problems.control.NotFound;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Deleting the whole account (L3): an owner asks, every owner is mailed, and after the grace period
 * ({@code PRIVACY_ACCOUNT_GRACE_DAYS}, 30 days by default) the privacy worker purges it; until then an owner
 * may cancel. Owners only: it ends the account for everyone in it.
 */
@Dependent
@Path(HumaneApi.V1 + "privacy/account-deletion")
@RolesAllowed("owner")
@Produces(MediaType.APPLICATION_JSON)
public class AccountDeletionsResource {

    @Inject
    Privacy privacy;

    @GET
    public AccountDeletionView get() {
        return new AccountDeletionView(privacy.accountDeletion().orElseThrow(() -> new NotFound("A pending account deletion")));
    }

    @POST
    public Response request() {
        return Response.accepted(new AccountDeletionView(privacy.requestAccountDeletion())).build();
    }

    @DELETE
    public Response cancel() {
        privacy.cancelAccountDeletion();
        return Response.noContent().build();
    }

    /** When the account will be purged. */
    public record AccountDeletionView(Instant purgeAfter) {
    }
}
