package ai.humane.accounts.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recovery codes of the second factor (S8): ten codes of 80 random bits each, written as four groups of four
 * base32 characters. Like API keys they are high-entropy, so a plain SHA-256 is what is stored (no slow hash
 * needed); each is used once. Typed input is normalised first: case, dashes and spaces do not matter.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final int BYTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] random = new byte[BYTES];
            RANDOM.nextBytes(random);
            String plain = Totp.base32(random);
            codes.add(plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8, 12) + "-"
                    + plain.substring(12, 16));
        }
        return codes;
    }

    /** The stored form of a code as typed; anything that cannot be a code hashes to what no code is. */
    public static byte[] hash(String typed) {
        String normal = typed == null ? "" : typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            return MessageDigest.getInstance("SHA-256").digest(("recovery:" + normal).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
