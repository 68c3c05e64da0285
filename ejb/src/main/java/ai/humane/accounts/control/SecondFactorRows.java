package ai.humane.accounts.control;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of the second factor (S8), in the tenant already in scope (row-level security picks them): the user's
 * sealed TOTP secret, its last used step, the recovery codes' hashes and the sign-in challenges. Each spend is one
 * conditional UPDATE, so two concurrent requests cannot both use one step, code or challenge.
 */
public final class SecondFactorRows {

    /** A challenge lives this long. */
    public static final int CHALLENGE_SECONDS = 300;

    private final EntityManager em;

    public SecondFactorRows(EntityManager em) {
        this.em = em;
    }

    public Factor of(UUID user) {
        Object[] row = (Object[]) query("SELECT email, totp_secret, totp_enabled_at, totp_last_step FROM users WHERE id = ?1")
                .setParameter(1, user).getSingleResult();
        return new Factor((String) row[0], (String) row[1], row[2] != null, row[3] == null ? -1 : ((Number) row[3]).longValue());
    }

    public void pending(UUID user, String sealedSecret) {
        update("UPDATE users SET totp_secret = ?1, totp_last_step = NULL WHERE id = ?2 AND totp_enabled_at IS NULL",
                sealedSecret, user);
    }

    public void enable(UUID user, long step, List<byte[]> recoveryHashes) {
        update("UPDATE users SET totp_enabled_at = now(), totp_last_step = ?1 WHERE id = ?2", step, user);
        update("DELETE FROM recovery_codes WHERE user_id = ?1", user);
        for (byte[] hash : recoveryHashes) {
            update("INSERT INTO recovery_codes (id, tenant_id, user_id, code_hash) VALUES (?1, humane_current_tenant(), ?2, ?3)",
                    UUID.randomUUID(), user, hash);
        }
    }

    public void disable(UUID user) {
        update("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?1", user);
        update("DELETE FROM recovery_codes WHERE user_id = ?1", user);
        update("DELETE FROM mfa_challenges WHERE user_id = ?1", user);
    }

    /** Marks {@code step} used; false when it (or a later one) was used already. */
    public boolean useStep(UUID user, long step) {
        return update("UPDATE users SET totp_last_step = ?1 WHERE id = ?2"
                + " AND (totp_last_step IS NULL OR totp_last_step < ?1)", step, user) == 1;
    }

    /** Spends the recovery code; answers how many are left, or -1 when it is not an unused code of the user. */
    public int useRecoveryCode(UUID user, byte[] hash) {
        if (update("UPDATE recovery_codes SET used_at = now() WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
                user, hash) != 1) {
            return -1;
        }
        return ((Number) query("SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL")
                .setParameter(1, user).getSingleResult()).intValue();
    }

    public void challenge(UUID user, byte[] hash) {
        update("DELETE FROM mfa_challenges WHERE user_id = ?1 AND (expires_at < now() OR used_at IS NOT NULL)", user);
        update("INSERT INTO mfa_challenges (id, tenant_id, user_id, token_hash, expires_at)"
                + " VALUES (?1, humane_current_tenant(), ?2, ?3, now() + make_interval(secs => ?4))",
                UUID.randomUUID(), user, hash, CHALLENGE_SECONDS);
    }

    /** The user a live (unused, unexpired) challenge was issued to. */
    public Optional<UUID> challenged(byte[] hash) {
        List<?> rows = query("SELECT user_id FROM mfa_challenges WHERE token_hash = ?1 AND used_at IS NULL"
                + " AND expires_at > now()").setParameter(1, hash).getResultList();
        return rows.stream().findFirst().map(id -> id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
    }

    /** Spends the challenge; false when another request spent it first or it expired meanwhile. */
    public boolean spend(byte[] hash) {
        return update("UPDATE mfa_challenges SET used_at = now() WHERE token_hash = ?1 AND used_at IS NULL"
                + " AND expires_at > now()", hash) == 1;
    }

    private jakarta.persistence.Query query(String sql) {
        return em.createNativeQuery(sql).setHint("eclipselink.jdbc.allow-native-sql-query", true);
    }

    private int update(String sql, Object... parameters) {
        jakarta.persistence.Query statement = query(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setParameter(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
    }

    /** The user's second factor: address (for the URI), sealed secret, whether enabled, last used step (-1: none). */
    public record Factor(String email, String sealedSecret, boolean enabled, long lastStep) {
    }
}
