package ai.humane.accounts.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.idempotency.boundary.ShownOnce;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.control.SessionCaller;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * The signed-in user's TOTP second factor (S8): enrol, confirm with a first code, new recovery codes, disable. Users
 * only, not keys. Enrolling, new recovery codes and disabling carry the current password of a member who has one: it
 * is checked here, before the factor's transaction, as the password change checks it (bcrypt outside a transaction,
 * S1; counted and throttled as a sign-in, S2).
 */
@Dependent
@Path(HumaneApi.V1 + "auth/mfa/totp")
@RolesAllowed("viewer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecondFactorsResource {

    @Inject
    SecondFactors factors;

    @Inject
    Passwords passwords;

    @Inject
    SecurityContext security;

    @Inject
    RequestOrigin origin;

    /** The body may be left out by a member without a password (SSO only), who has none to send. */
    @POST
    public TotpEnrolment enrol(@Valid CurrentPassword body) {
        TenantCaller caller = user();
        SecondFactors.Enrolment enrolment = factors.enrol(caller, SessionCaller.signedInWith(security).orElse(null),
                passwords.reauthenticate(caller, body == null ? null : body.currentPassword(), origin.ip()));
        return new TotpEnrolment(enrolment.secret(), enrolment.provisioningUri());
    }

    @POST
    @Path("confirm")
    public RecoveryCodes confirm(@Valid @NotNull Code body) {
        UUID keep = security.getPrincipalsByType(SessionCaller.class).stream().findFirst()
                .map(SessionCaller::sessionId).orElse(null);
        UUID signedIn = SessionCaller.signedInWith(security).orElse(null);
        return new RecoveryCodes(factors.confirm(user(), keep, signedIn, body.code(), origin.ip()));
    }

    /** Ten new recovery codes for the authenticator's current code; the old ones stop working. */
    @POST
    @Path("recovery-codes")
    public RecoveryCodes regenerate(@Valid @NotNull CodeAndPassword body) {
        TenantCaller caller = user();
        return new RecoveryCodes(factors.regenerateRecoveryCodes(caller, SessionCaller.signedInWith(security).orElse(null),
                passwords.reauthenticate(caller, body.currentPassword(), origin.ip()), body.code(), origin.ip()));
    }

    @POST
    @Path("disable")
    public Response disable(@Valid @NotNull CodeAndPassword body) {
        TenantCaller caller = user();
        factors.disable(caller, SessionCaller.signedInWith(security).orElse(null),
                passwords.reauthenticate(caller, body.currentPassword(), origin.ip()), body.code(), origin.ip());
        return Response.noContent().build();
    }

    private TenantCaller user() {
        TenantCaller caller = TenantCaller.of(security);
        if (caller.kind() != TenantCaller.Kind.USER) {
            throw new InvalidField("credential", "only a signed-in user has a second factor");
        }
        return caller;
    }

    /** A 6-digit code of the authenticator: the first one, which enables the pending secret. */
    public record Code(@NotNull @Size(min = 6, max = 32) String code) {
    }

    /** The current password; required of a member who has one (400 otherwise), not looked at for one who has not. */
    public record CurrentPassword(@Size(max = 1024) String currentPassword) {
    }

    /** A 6-digit code of the authenticator, or (to disable) a recovery code, and the current password as above. */
    public record CodeAndPassword(@NotNull @Size(min = 6, max = 32) String code, @Size(max = 1024) String currentPassword) {
    }

    /** The secret, for typing into an authenticator app, and the otpauth URI it scans; not replayed (A2). */
    public record TotpEnrolment(String secret, String provisioningUri) implements ShownOnce {

        @Override
        public Object replay() {
            return null;
        }
    }

    /** Shown once; a replay (A2) answers without them. */
    public record RecoveryCodes(List<String> recoveryCodes) implements ShownOnce {

        @Override
        public RecoveryCodes replay() {
            return new RecoveryCodes(null);
        }
    }
}
