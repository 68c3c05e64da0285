package ai.humane.accounts.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Moving a password-opened session to another tenant of the same person (V26). The target tenant asks what a
 * sign-in to it would: its rules (SSO required for the person's domain, owners' break-glass) and the membership's
 * second factor. Each check runs before the session moves, so a refusal changes nothing.
 */
@ApplicationScoped
public class TenantSwitches {

    @Inject
    Memberships memberships;

    @Inject
    Passwords passwords;

    @Inject
    SecondFactors secondFactors;

    public Memberships.Membership switchTo(UUID tenant, UUID user, UUID session, UUID target, String code, String clientIp) {
        Memberships.Switch allowed = memberships.prepare(tenant, user, session, target);
        if (target.equals(tenant)) {
            return allowed.to();
        }
        passwords.admit(target, allowed.to().userId(), allowed.email());
        secondFactors.requireIfEnrolled(target, allowed.to().userId(), code, clientIp);
        return memberships.move(tenant, user, session, target);
    }
}
