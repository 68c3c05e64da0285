package ai.humane.accounts.control;

import java.util.UUID;

/**
 * A rule a correct password does not override (a port: the sso feature requires SSO for a tenant's verified
 * domains). Asked after the password matched and before the session opens; refuses by throwing a
 * {@link ai.humane.problems.control.Problem}.
 */
public interface PasswordSignInRule {

    void admit(UUID tenant, UUID user, String email);
}
