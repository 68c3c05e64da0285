package ai.humane.testing;

import ai.humane.crypto.control.HmacKeys;
import java.nio.charset.StandardCharsets;

/**
 * What the shared server stores in place of an e-mail or client address in the tables without row-level
 * security (S2, S7, A1): the HMAC under the key it derives from this run's HMAC_KEY for the purpose.
 */
public final class Pseudonyms {

    private Pseudonyms() {
    }

    /** @param purpose one of {@code PseudonymKeys}' purposes */
    public static byte[] of(String purpose, String value) {
        return new HmacKeys(TestPlatform.hmacKey()).derive(purpose).sign(value.getBytes(StandardCharsets.UTF_8));
    }
}
