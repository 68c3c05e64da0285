package ai.humane.teams.boundary;

import ai.humane.accounts.boundary.Passwords;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.accounts.boundary.Accounts;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.sessions.control.SessionCaller;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.security.enterprise.SecurityContext;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/** Accepting an e-mailed invitation: the invited person joins the tenant with the invited role (T2). */
@Dependent
@Path(HumaneApi.V1 + "auth/invitations")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvitationsResource {

    @Inject
    Passwords passwords;

    @Inject
    Invitations invitations;

    @Inject
    RequestOrigin origin;

    @Inject
    Accounts accounts;

    @Inject
    SecurityContext security;

    @POST
    @Path("accept")
    public Response accept(@Valid @NotNull Acceptance body) {
        String email = invitations.invitedEmail(body.token());
        // An address that has an account joins as that account, signed in as it or with its password: an
        // invitation never takes an account over.
        Optional<Accounts.Account> existing = signedInAs(email)
                .or(() -> passwords.provenAccount(email, body.password(), origin.ip()));
        Invitations.Joined joined = existing.isPresent()
                ? invitations.join(body.token(), body.name(), existing.get().person(), existing.get().email())
                : invitations.accept(body.token(), body.name(), passwords.hashNew(body.password()));
        return Response.status(Response.Status.CREATED)
                .entity(new Joined(joined.tenant(), joined.user(), joined.role())).build();
    }

    /** The caller's own account when a session (with its CSRF token) signs this request in as the invited address. */
    private Optional<Accounts.Account> signedInAs(String email) {
        return security.getPrincipalsByType(SessionCaller.class).stream().findFirst()
                .map(caller -> accounts.signedIn(caller.tenantId(), caller.actorId()))
                .filter(account -> account.email().equals(email));
    }

    /** {@code password}: the new account's, or the existing account's own (ignored when signed in as the address). */
    public record Acceptance(@NotBlank @Size(max = 100) String token, @NotBlank @Size(max = 200) String name,
                             @NotNull @Size(max = 1024) String password) {
    }

    public record Joined(UUID tenantId, UUID userId, String role) {
    }
}
