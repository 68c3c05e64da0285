package ai.humane.accounts.control;

import ai.humane.accounts.entity.EmailToken;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.tenancy.control.TenantScope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time e-mailed tokens (verification, password reset): issued in the tenant's scope, redeemed
 * by the token alone, which is looked up by its hash before any tenant is known.
 */
public final class EmailTokens {

    private final EntityManager em;

    public EmailTokens(EntityManager em) {
        this.em = em;
    }

    /** A new token for the user; the caller is already in the user's tenant scope. */
    public OpaqueToken issue(UUID user, String purpose, Duration lifetime) {
        OpaqueToken token = OpaqueToken.generate();
        em.persist(new EmailToken(user, purpose, token.hash(), OffsetDateTime.now(ZoneOffset.UTC).plus(lifetime)));
        return token;
    }

    /**
     * Redeems a token for its purpose: enters its tenant's scope, marks it used and answers whose it
     * was; empty when unknown, for another purpose, used or expired.
     */
    public Optional<Redeemed> redeem(String presented, String purpose) {
        if (!OpaqueToken.plausible(presented)) {
            return Optional.empty();
        }
        Query lookup = em.createNativeQuery("SELECT id, tenant_id, purpose FROM email_token_by_hash(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, OpaqueToken.hash(presented));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = lookup.getResultList();
        if (rows.isEmpty() || !purpose.equals(rows.get(0)[2])) {
            return Optional.empty();
        }
        UUID tenant = uuid(rows.get(0)[1]);
        TenantScope.enter(em, tenant);
        // Used in the statement that checks it: of two requests redeeming one token at once, the second waits for
        // the first's row and then finds it used (a read, a check and a write let both through).
        @SuppressWarnings("unchecked")
        List<Object> used = em.createNativeQuery("UPDATE email_tokens SET used_at = now()"
                        + " WHERE id = ?1 AND used_at IS NULL AND expires_at > now() RETURNING user_id")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, uuid(rows.get(0)[0])).getResultList();
        return used.isEmpty() ? Optional.empty() : Optional.of(new Redeemed(tenant, uuid(used.get(0))));
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    /** Whose token was redeemed. */
    public record Redeemed(UUID tenant, UUID user) {
    }
}
