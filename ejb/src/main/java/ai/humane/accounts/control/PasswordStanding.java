package ai.humane.accounts.control;

import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Whether the password a sign-in verified is still the person's as the sign-in opens its session or challenge (S1,
 * S3): bcrypt runs outside any transaction, so a password change or reset could commit between the check and the
 * session, whose revocation of the person's sessions would then miss the one opened after it, for its 30 (90) days.
 * The person's row is read {@code FOR SHARE} in the transaction that opens, so a change waits for it and then ends
 * what it opened, or came first and the sign-in is refused (a review, 2026-12-07).
 */
public final class PasswordStanding {

    private PasswordStanding() {
    }

    /** Refuses (401) unless the person behind member {@code user}, of the tenant in scope, still has {@code hash}. */
    public static void require(EntityManager em, UUID user, String hash) {
        boolean holds = !em.createNativeQuery("SELECT 1 FROM users u JOIN people p ON p.id = u.person_id"
                        + " WHERE u.id = ?1 AND p.password_hash = ?2 FOR SHARE OF p")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, user).setParameter(2, hash).getResultList().isEmpty();
        if (!holds) {
            throw new InvalidCredentials();
        }
    }
}
