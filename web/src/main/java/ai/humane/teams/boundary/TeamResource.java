package ai.humane.teams.boundary;

import ai.humane.accounts.entity.User;
import ai.humane.edge.boundary.HumaneApi;
import ai.humane.paging.boundary.PageResponse;
import ai.humane.paging.control.Listing;
import ai.humane.teams.entity.Invitation;
import ai.humane.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The tenant's team (T2): owners and admins manage it; only owners touch owner and admin roles. */
@Dependent
@Path(HumaneApi.V1 + "team")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {

    static final String ROLES = "owner|admin|member|viewer";

    @Inject
    Teams teams;

    @GET
    @Path("members")
    public List<MemberView> members() {
        Set<UUID> verified = teams.verifiedPeople();
        return teams.members().stream().map(user -> view(user, verified)).toList();
    }

    @POST
    @Path("invitations")
    public Response invite(@Valid @NotNull NewInvitation body) {
        Invitation invitation = teams.invite(body.email(), Role.of(body.role()).orElseThrow());
        return Response.status(Response.Status.CREATED).entity(view(invitation)).build();
    }

    /**
     * The pending invitations, a cursor page at a time as every list (newest first); never the token nor its hash:
     * only the e-mail carries the token (T2).
     */
    @GET
    @Path("invitations")
    public PageResponse<InvitationView> invitations(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return PageResponse.of(teams.pendingInvitations(Listing.limit(limit), cursor), TeamResource::view);
    }

    @DELETE
    @Path("invitations/{id}")
    public Response withdraw(@PathParam("id") UUID id) {
        teams.withdrawInvitation(id);
        return Response.noContent().build();
    }

    @PATCH
    @Path("members/{id}")
    public MemberView changeRole(@PathParam("id") UUID id, @Valid @NotNull RoleChange body) {
        return view(teams.changeRole(id, Role.of(body.role()).orElseThrow()), teams.verifiedPeople());
    }

    @DELETE
    @Path("members/{id}")
    public Response remove(@PathParam("id") UUID id) {
        teams.remove(id);
        return Response.noContent().build();
    }

    /** Whether the address is verified is the person's (V27), the same in every tenant. */
    private static MemberView view(User user, Set<UUID> verifiedPeople) {
        return new MemberView(user.id(), user.email(), user.name(), user.role().value(), verifiedPeople.contains(user.personId()),
                user.createdAt().toInstant());
    }

    private static InvitationView view(Invitation invitation) {
        return new InvitationView(invitation.id(), invitation.email(), invitation.role().value(), invitation.invitedBy(),
                invitation.createdAt().toInstant(), invitation.expiresAt().toInstant());
    }

    public record NewInvitation(@NotBlank @Size(max = 320) String email, @NotNull @Pattern(regexp = ROLES) String role) {
    }

    public record RoleChange(@NotNull @Pattern(regexp = ROLES) String role) {
    }

    public record MemberView(UUID id, String email, String name, String role, boolean emailVerified, Instant createdAt) {
    }

    /** {@code invitedBy}: the member who sent it; null when an API key did, or once that member is removed. */
    public record InvitationView(UUID id, String email, String role, UUID invitedBy, Instant createdAt, Instant expiresAt) {
    }
}
