package ai.humane.accounts.control;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * bcrypt at cost 12 (S1), in a bounded pool: at most a few hashes run at once, so a login flood
 * cannot take every request thread; beyond that the caller gets a BulkheadException at once (503).
 * Passwords reach here already checked to be at most 72 bytes, so no strategy ever shortens one.
 */
@ApplicationScoped
public class PasswordHashing {

    public static final int COST = 12;
    static final int CONCURRENT = 4;
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    /** Hashed for unknown e-mail addresses, so they take as long as a wrong password (S2). */
    private static final String DUMMY = BCrypt.with(VERSION, LongPasswordStrategies.none())
            .hashToString(COST, "not a password of anyone".toCharArray());

    @Bulkhead(CONCURRENT)
    public String hash(String password) {
        return BCrypt.with(VERSION, LongPasswordStrategies.none()).hashToString(COST, password.toCharArray());
    }

    /** Checks a password; with no stored hash it spends the same work on a dummy and fails. */
    @Bulkhead(CONCURRENT)
    public boolean verify(String password, String storedHash) {
        byte[] candidate = password.getBytes(StandardCharsets.UTF_8);
        String hash = storedHash == null ? DUMMY : storedHash;
        boolean verified = BCrypt.verifyer(null, LongPasswordStrategies.none())
                .verify(candidate, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        return verified && storedHash != null;
    }

    /** A stored hash below today's cost is replaced after the next successful login. */
    public static boolean needsRehash(String storedHash) {
        try {
            return Integer.parseInt(storedHash.substring(4, 6)) < COST;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
