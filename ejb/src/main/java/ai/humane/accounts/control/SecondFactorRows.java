package ai.humane.accounts.control;

import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of the second factor (S8). The factor is the person's (V27): one sealed TOTP secret, one last used step
 * and one set of recovery code hashes ({@code people.totp_*}) for every tenant they are a member of, reached
 * through their membership in the tenant already in scope (the people wall shows only its members). The sign-in
 * challenges stay the membership's. Each spend is one conditional UPDATE, so two concurrent requests, in one
 * tenant or in two, cannot both use one step, code or challenge.
 */
public final class SecondFactorRows {

    /** A challenge lives this long. */
    public static final int CHALLENGE_SECONDS = 300;

    /** The person of membership {@code ?n} of the current tenant. */
    private static final String PERSON_OF = "(SELECT u.person_id FROM users u WHERE u.id = ?%d)";

    /** The recovery codes' hashes from one parameter of comma-separated hex (a bytea[] parameter through JPA). */
    private static final String RECOVERY_HASHES =
            "coalesce((SELECT array_agg(decode(h, 'hex')) FROM unnest(string_to_array(%s, ',')) h), '{}')";

    private final EntityManager em;

    public SecondFactorRows(EntityManager em) {
        this.em = em;
    }

    public Factor of(UUID user) {
        Object[] row = (Object[]) query("SELECT p.id, p.email, p.totp_secret, p.totp_enabled_at, p.totp_last_step,"
                + " p.password_hash IS NOT NULL, p.email_verified_at IS NOT NULL FROM users u JOIN people p"
                + " ON p.id = u.person_id WHERE u.id = ?1")
                .setParameter(1, user).getSingleResult();
        return new Factor(row[0] instanceof UUID id ? id : UUID.fromString(row[0].toString()), (String) row[1],
                (String) row[2], row[3] != null, row[4] == null ? -1 : ((Number) row[4]).longValue(),
                Boolean.TRUE.equals(row[5]), Boolean.TRUE.equals(row[6]));
    }

    public void pending(UUID user, String sealedSecret) {
        update("UPDATE people SET totp_secret = ?1, totp_last_step = NULL, totp_recovery_codes = '{}'"
                + " WHERE id = " + person(2) + " AND totp_enabled_at IS NULL", sealedSecret, user);
    }

    /**
     * Enables the pending secret that the code proved ({@code sealedSecret}, as read before the proof); false when
     * another enrolment replaced it meanwhile or the factor is already on: enabling whatever secret was pending by
     * then would turn on one that no code proved.
     */
    public boolean enable(UUID user, String sealedSecret, long step, List<byte[]> recoveryHashes) {
        return update("UPDATE people SET totp_enabled_at = now(), totp_last_step = ?1, totp_recovery_codes = "
                + RECOVERY_HASHES.formatted("?2") + " WHERE id = " + person(3) + " AND totp_secret = ?4"
                + " AND totp_enabled_at IS NULL", step, hexes(recoveryHashes), user, sealedSecret) == 1;
    }

    /**
     * Replaces every recovery code of the person's enabled factor with these (the unused ones die with them);
     * false when no factor is enabled any more.
     */
    public boolean replaceRecoveryCodes(UUID user, List<byte[]> recoveryHashes) {
        return update("UPDATE people SET totp_recovery_codes = " + RECOVERY_HASHES.formatted("?1") + " WHERE id = "
                + person(2) + " AND totp_enabled_at IS NOT NULL", hexes(recoveryHashes), user) == 1;
    }

    private static String hexes(List<byte[]> hashes) {
        return String.join(",", hashes.stream().map(HexFormat.of()::formatHex).toList());
    }

    public void disable(UUID user) {
        update("UPDATE people SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,"
                + " totp_recovery_codes = '{}' WHERE id = " + person(1), user);
        update("DELETE FROM mfa_challenges WHERE user_id = ?1", user);
    }

    /** Marks {@code step} used, for the person in every tenant; false when it (or a later one) was used already. */
    public boolean useStep(UUID user, long step) {
        return update("UPDATE people SET totp_last_step = ?1 WHERE id = " + person(2)
                + " AND (totp_last_step IS NULL OR totp_last_step < ?1)", step, user) == 1;
    }

    /** Spends the recovery code; answers how many are left, or -1 when it is not an unused code of the person. */
    public int useRecoveryCode(UUID user, byte[] hash) {
        if (update("UPDATE people SET totp_recovery_codes = array_remove(totp_recovery_codes, ?1) WHERE id = " + person(2)
                + " AND totp_enabled_at IS NOT NULL AND ?1 = ANY (totp_recovery_codes)", hash, user) != 1) {
            return -1;
        }
        return ((Number) query("SELECT cardinality(p.totp_recovery_codes) FROM people p WHERE p.id = " + person(1))
                .setParameter(1, user).getSingleResult()).intValue();
    }

    /** Whether one of the person's tenants (not only the current one) is under a BAA (O6): then the factor stays. */
    public boolean requiredByAnyTenant(UUID user) {
        return Boolean.TRUE.equals(query("SELECT person_second_factor_required(?1)").setParameter(1, user).getSingleResult());
    }

    /**
     * What an answered challenge opens (V56): a session of the person, as the password and Google open (the tenants'
     * rules are asked again, and it may switch tenant), or of the one tenant whose own SSO connection vouched.
     */
    public enum Opens {
        PERSON, TENANT;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What answers a challenge (V56): the member's code (S8), or, for an IdP-initiated SAML sign-in of a member without
     * a second factor, a confirmation on our own origin (S6), which opens only {@link Opens#TENANT}.
     */
    public enum AnsweredBy {
        CODE, CONFIRMATION;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A live challenge's member, what it opens, the hash it is stored under, and the tenant's SSO connection that
     * vouched for a challenge of {@link Opens#TENANT} (V59; null before it, and for the person's).
     */
    public record Challenged(UUID user, Opens opens, byte[] hash, UUID connection) {
    }

    /** Stores {@code handle}'s challenge of the person (the password, Google), answered by a code. */
    public void challenge(UUID user, MfaChallengeHandle handle) {
        challenge(user, handle, Opens.PERSON, AnsweredBy.CODE, null);
    }

    /**
     * Stores {@code handle}'s challenge under the hash that what it opens asks for ({@link MfaChallengeHandle});
     * {@code connection}, the tenant's SSO connection that vouched (required for {@link Opens#TENANT}), is spent with it
     * should it be deleted or disabled first.
     */
    public void challenge(UUID user, MfaChallengeHandle handle, Opens opens, AnsweredBy answeredBy, UUID connection) {
        if ((opens == Opens.TENANT) != (connection != null)) {
            throw new IllegalArgumentException("A tenant's challenge names its connection, and only a tenant's does");
        }
        update("DELETE FROM mfa_challenges WHERE user_id = ?1 AND (expires_at < now() OR used_at IS NOT NULL)", user);
        // EclipseLink binds no null: a person's challenge leaves connection_id out.
        String insert = "INSERT INTO mfa_challenges (id, tenant_id, user_id, token_hash, expires_at, opens, answered_by"
                + (connection == null ? ")" : ", connection_id)") + " VALUES (?1, humane_current_tenant(), ?2, ?3,"
                + " now() + make_interval(secs => ?4), ?5, ?6" + (connection == null ? ")" : ", ?7)");
        Object[] values = {UUID.randomUUID(), user, hashOf(handle, opens), CHALLENGE_SECONDS, opens.column(),
                answeredBy.column(), connection};
        update(insert, connection == null ? Arrays.copyOf(values, 6) : values);
    }

    /**
     * The member a live (unused, unexpired) challenge answered by {@code answeredBy} was issued to, and what it opens:
     * looked up under both hashes, and taken only when the one it is stored under is the one its {@code opens} asks
     * for. A code's challenge is never a confirmation, nor the other way round.
     */
    public Optional<Challenged> challenged(MfaChallengeHandle handle, AnsweredBy answeredBy) {
        List<?> rows = query("SELECT user_id, opens, token_hash, connection_id FROM mfa_challenges WHERE token_hash IN"
                + " (?1, ?2) AND answered_by = ?3 AND used_at IS NULL AND expires_at > now()")
                .setParameter(1, handle.hash()).setParameter(2, handle.tenantOnlyHash())
                .setParameter(3, answeredBy.column()).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new Challenged(uuid(row[0]), Opens.valueOf(row[1].toString().toUpperCase(Locale.ROOT)),
                        (byte[]) row[2], row[3] == null ? null : uuid(row[3])))
                .filter(found -> Arrays.equals(found.hash(), hashOf(handle, found.opens())))
                .findFirst();
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    private static byte[] hashOf(MfaChallengeHandle handle, Opens opens) {
        return opens == Opens.TENANT ? handle.tenantOnlyHash() : handle.hash();
    }

    /** Spends the challenge; false when another request spent it first or it expired meanwhile. */
    public boolean spend(byte[] hash) {
        return update("UPDATE mfa_challenges SET used_at = now() WHERE token_hash = ?1 AND used_at IS NULL"
                + " AND expires_at > now()", hash) == 1;
    }

    private static String person(int parameter) {
        return String.format(PERSON_OF, parameter);
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

    /**
     * The person's second factor: their id, address (for the URI and the notices), sealed secret, enabled, last used
     * step (-1: none), whether they have a password (none: signed in through SSO only), and whether their address is
     * proven.
     */
    public record Factor(UUID person, String email, String sealedSecret, boolean enabled, long lastStep,
                         boolean hasPassword, boolean emailVerified) {
    }
}
