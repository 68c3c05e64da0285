package ai.humane.accounts.boundary;

import ai.humane.edge.boundary.HumaneApi;
import ai.humane.edge.control.RequestOrigin;
import ai.humane.sessions.boundary.SessionCookies;
import ai.humane.sessions.control.OpenedSession;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
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
import java.time.Instant;
import java.util.UUID;

/** Signing up, verifying, signing in and resetting: the endpoints that need no credential. */
@Dependent
@Path(HumaneApi.V1 + "auth")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Passwords passwords;

    @Inject
    Accounts accounts;

    @Inject
    SessionCookies cookies;

    @Inject
    SecondFactors secondFactors;

    @Inject
    RequestOrigin origin;

    /**
     * 202 with the address in its one spelling, whether or not it already had an account: the answer must not
     * tell (S7). The mail that arrives says which: a verification link, or that the address has an account.
     */
    @POST
    @Path("signup")
    public Response signUp(@Valid @NotNull SignUp body) {
        var email = passwords.signUp(body.email(), body.password(), body.name(), body.organization(), origin.ip());
        return Response.accepted(new SignUpAccepted(email.value())).build();
    }

    @POST
    @Path("verify-email")
    public Response verifyEmail(@Valid @NotNull TokenOnly body) {
        accounts.verifyEmail(body.token());
        return Response.noContent().build();
    }

    @POST
    @Path("login")
    public Response login(@Valid @NotNull Login body) {
        return signedIn(cookies, passwords.signIn(body.email(), body.password(), origin.ip(), origin.userAgent()));
    }

    /**
     * The second step of a sign-in whose password was right and whose account has a second factor (S8): the
     * challenge of the 401 {@code mfa-required} answer and a current code or an unused recovery code.
     */
    @POST
    @Path("mfa")
    public Response secondFactor(@Valid @NotNull SecondFactorAnswer body) {
        return signedIn(cookies, secondFactors.signIn(body.challenge(), body.code(), origin.ip(), origin.userAgent()));
    }

    /**
     * The answer of every sign-in step that opened {@code session} (the password, the second factor, an IdP-initiated
     * sign-in's confirmation): 200 {@link SignedIn} with the session's cookies (S3).
     */
    public static Response signedIn(SessionCookies cookies, OpenedSession session) {
        Response.ResponseBuilder answer = Response.ok(new SignedIn(session.sessionId(), session.expiresAt().toInstant()));
        cookies.issue(session)
                .forEach(cookie -> answer.header("Set-Cookie", cookie));
        return answer.build();
    }

    /**
     * 202 without a body whatever the address: the request is queued and carried out after the answer, so neither
     * the answer nor its time tells whether the address has an account (S2).
     */
    @POST
    @Path("password-reset")
    public Response requestReset(@Valid @NotNull ResetRequest body) {
        accounts.requestPasswordReset(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("password-reset/confirm")
    public Response confirmReset(@Valid @NotNull ResetConfirmation body) {
        passwords.resetPassword(body.token(), body.newPassword());
        return Response.noContent().build();
    }

    public record SignUp(@NotBlank @Size(max = 320) String email, @NotNull @Size(max = 1024) String password,
                         @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 200) String organization) {
    }

    public record SignUpAccepted(String email) {
    }

    public record Login(@NotBlank @Size(max = 320) String email, @NotNull @Size(max = 1024) String password) {
    }

    public record SignedIn(UUID sessionId, Instant expiresAt) {
    }

    /** {@code code}: six digits of the authenticator, or one of the recovery codes. */
    public record SecondFactorAnswer(@NotBlank @Size(max = 200) String challenge,
                                     @NotBlank @Size(max = 32) String code) {
    }

    public record TokenOnly(@NotBlank @Size(max = 100) String token) {
    }

    public record ResetRequest(@NotBlank @Size(max = 320) String email) {
    }

    public record ResetConfirmation(@NotBlank @Size(max = 100) String token, @NotNull @Size(max = 1024) String newPassword) {
    }
}
