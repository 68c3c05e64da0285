package ai.humane.sso.boundary;

import ai.humane.accounts.control.InvalidCredentials;
import ai.humane.accounts.control.MfaChallengeHandle;
import ai.humane.accounts.control.SecondFactorRows;
import ai.humane.accounts.entity.User;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sessions.control.OpenedSession;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * S6: an IdP-initiated SAML response answers no request of ours, so it may come from any page that posts it, and the
 * connection's opt-in is its owner's: an owner's own IdP could sign a visitor's browser in to the owner's tenant (login
 * CSRF). Such a sign-in of a member without a second factor (one with a factor answers its code, which a visitor
 * cannot) opens no session but a confirmation: a challenge of the tenant (V56) that the console, on our own origin,
 * shows as "sign in to this organisation as this address?" and that a click answers. The click is the protection: the
 * challenge is bound to no browser (an owner can post their own response and send a visitor to its confirmation), so
 * the page names both. One use, five minutes, as a code's challenge, which is never taken here (nor this at
 * {@code /auth/mfa}).
 */
@Stateless
public class SsoConfirmations {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    Sessions sessions;

    /**
     * The confirmation of member {@code user}'s sign-in to {@code tenant} through its SSO connection {@code connection}
     * (in the sign-in's transaction); spent should the connection be deleted or disabled first (V59).
     */
    public MfaChallengeHandle issue(UUID tenant, UUID user, UUID connection) {
        TenantScope.enter(em, tenant);
        MfaChallengeHandle handle = MfaChallengeHandle.issue(tenant);
        new SecondFactorRows(em).challenge(user, handle, SecondFactorRows.Opens.TENANT,
                SecondFactorRows.AnsweredBy.CONFIRMATION, connection);
        return handle;
    }

    /** Whom a live confirmation signs in, and to which organisation; nothing changes. */
    public Pending pending(String challenge) {
        MfaChallengeHandle handle = MfaChallengeHandle.parse(challenge).orElseThrow(InvalidCredentials::new);
        SecondFactorRows.Challenged found = confirmation(handle);
        User user = em.find(User.class, found.user());
        Tenant tenant = em.find(Tenant.class, handle.tenant());
        if (user == null || tenant == null) {
            throw new InvalidCredentials();
        }
        return new Pending(user.email(), tenant.name());
    }

    /**
     * Spends a live confirmation and opens the session of its tenant that the sign-in would have opened; none when the
     * member has enabled a second factor since the sign-in (which a click cannot answer: the sign-in starts again and
     * asks for its code; a review, 2026-12-07).
     */
    public OpenedSession confirm(String challenge, String clientIp, String userAgent) {
        MfaChallengeHandle handle = MfaChallengeHandle.parse(challenge).orElseThrow(InvalidCredentials::new);
        SecondFactorRows.Challenged found = confirmation(handle);
        SecondFactorRows rows = new SecondFactorRows(em);
        if (!rows.spend(found.hash()) || rows.of(found.user()).enabled()) {
            throw new InvalidCredentials();
        }
        return sessions.openThrough(handle.tenant(), found.user(), found.connection(), clientIp, userAgent);
    }

    private SecondFactorRows.Challenged confirmation(MfaChallengeHandle handle) {
        TenantScope.enter(em, handle.tenant());
        return new SecondFactorRows(em).challenged(handle, SecondFactorRows.AnsweredBy.CONFIRMATION)
                .orElseThrow(InvalidCredentials::new);
    }

    /** What the console shows before the click. */
    public record Pending(String email, String organization) {
    }
}
