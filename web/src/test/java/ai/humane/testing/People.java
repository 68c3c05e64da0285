package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.accounts.control.Totp;
import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.PseudonymKeys;
import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** Signs people up through the API, each with a unique address. */
public final class People {

    public static final String PASSWORD = "correct horse battery staple";

    /** The body that starts a second factor's enrolment for a member whose password is {@link #PASSWORD} (S8). */
    public static final String CURRENT_PASSWORD = "{\"current_password\":\"" + PASSWORD + "\"}";

    private People() {
    }

    /** A second factor's code with {@link #PASSWORD}, as new recovery codes and disabling take them (S8). */
    public static String codeWithPassword(String code) {
        return "{\"code\":\"" + code + "\",\"current_password\":\"" + PASSWORD + "\"}";
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /**
     * Signs up a new organization and its owner. The answer names no ids (it must not tell a new address from a
     * taken one), so what tests need is read from the database: {@code tenant_id}, {@code user_id} and
     * {@code verification_required}.
     */
    public static JsonObject signUp(Api api, String email) {
        Api.Answer signUp = api.post("api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\""
                + PASSWORD + "\",\"name\":\"Test Person\",\"organization\":\"Org of " + email + "\"}");
        assertEquals(202, signUp.status(), signUp.body());
        String owner = Rows.single("SELECT json_build_object('tenant_id', tenant_id, 'user_id', id,"
                + " 'verification_required', verification_required)::text FROM users WHERE email = ?",
                signUp.json().getString("email"));
        try (JsonReader reader = Json.createReader(new StringReader(owner))) {
            return reader.readObject();
        }
    }

    /**
     * A user of the tenant with the role, stored as an operator would (verified, a cheap bcrypt hash of
     * {@link #PASSWORD}); signs in like anyone. Answers the address.
     */
    public static String member(UUID tenant, String role) {
        try (Connection c = TestPlatform.superuser()) {
            return member(c, tenant, role);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #member(UUID, String)} through the caller's connection (another database; inside its wall). */
    public static String member(Connection c, UUID tenant, String role) {
        String email = uniqueEmail(role);
        String hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
        store(c, UUID.randomUUID(), tenant, email, role, role, hash, true);
        return email;
    }

    /** Stores a new person and their one membership as an operator would (the person keeps the membership's id). */
    public static UUID store(UUID user, UUID tenant, String email, String name, String role, String hash, boolean verified) {
        try (Connection c = TestPlatform.superuser()) {
            return store(c, user, tenant, email, name, role, hash, verified);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID store(Connection c, UUID user, UUID tenant, String email, String name, String role, String hash,
                              boolean verified) {
        Rows.execute(c, "INSERT INTO people (id, email, password_hash, email_verified_at)"
                + " VALUES (?, ?, ?, CASE WHEN ? THEN now() END)", user, email, hash, verified);
        Rows.execute(c, "INSERT INTO users (id, tenant_id, person_id, email, name, role) VALUES (?, ?, ?, ?, ?, ?)",
                user, tenant, user, email, name, role);
        return user;
    }

    /** Adds a membership of the person with this address to another tenant, as an operator would; answers its id. */
    public static UUID alsoMember(String email, UUID tenant, String role) {
        UUID member = UUID.randomUUID();
        Rows.execute("INSERT INTO users (id, tenant_id, person_id, email, name, role)"
                + " SELECT ?, ?, id, email, 'Also', ? FROM people WHERE email = ?", member, tenant, role, email);
        return member;
    }

    /**
     * Gives the person behind the membership {@code user} an enabled second factor, its secret sealed as the server
     * seals it; answers the secret. For the owner whose API key a test uses under a BAA (O6: a key of a member
     * without a factor is refused there).
     */
    public static byte[] withSecondFactor(UUID user) {
        byte[] secret = Totp.newSecret();
        Rows.execute("UPDATE people SET totp_secret = ?, totp_enabled_at = now() WHERE id = (SELECT person_id FROM users"
                + " WHERE id = ?)", new KeyRing(TestPlatform.fernetKeys()).encrypt(Totp.base32(secret)), user);
        return secret;
    }

    /** The id of the user with this address (its first membership). */
    public static UUID idOf(String email) {
        return UUID.fromString(Rows.single("SELECT id::text FROM users WHERE email = ? ORDER BY created_at LIMIT 1", email));
    }

    /**
     * Clears the throttle's counters, so tests do not lean on each other. All of them: rows are keyed by HMAC,
     * so loopback's cannot be picked out, and the HTTP tests run one after the other.
     */
    public static void forgetLoopback() {
        Rows.execute("DELETE FROM login_throttle");
    }

    /**
     * The block that {@code key}'s last failure set ({@code LoginThrottle.accountKey} or {@code addressKey}), made to
     * last an hour: the first block over an allowance lasts a second, and a request that had to arrive within it raced
     * the clock. Requires the key to be blocked.
     */
    public static void makeTheSignInBlockLast(String key) {
        assertEquals(1, Rows.execute("UPDATE login_throttle SET blocked_until = now() + interval '1 hour' "
                + "WHERE key = ? AND blocked_until IS NOT NULL", Pseudonyms.of(PseudonymKeys.LOGIN_THROTTLE, key)),
                "a sign-in block to make last");
    }
}
