package ai.humane.crypto.control;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The fields of a Fernet token, taken apart before any key is tried: version (0x80), 64-bit timestamp,
 * 128-bit IV, ciphertext in whole AES blocks, 256-bit HMAC over everything before it.
 */
final class FernetToken {

    static final byte VERSION = (byte) 0x80;
    static final int HEADER_BYTES = 1 + 8 + 16;

    private static final int BLOCK = 16;
    private static final int HMAC_BYTES = 32;

    private final byte[] bytes;

    private FernetToken(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Empty for anything that cannot be a version 0x80 token, so no key is tried on it. */
    static Optional<FernetToken> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int ciphertext = bytes.length - HEADER_BYTES - HMAC_BYTES;
        if (ciphertext < BLOCK || ciphertext % BLOCK != 0 || bytes[0] != VERSION) {
            return Optional.empty();
        }
        return Optional.of(new FernetToken(bytes));
    }

    byte[] signedPart() {
        return Arrays.copyOfRange(bytes, 0, bytes.length - HMAC_BYTES);
    }

    byte[] hmac() {
        return Arrays.copyOfRange(bytes, bytes.length - HMAC_BYTES, bytes.length);
    }

    byte[] iv() {
        return Arrays.copyOfRange(bytes, 1 + 8, HEADER_BYTES);
    }

    byte[] ciphertext() {
        return Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length - HMAC_BYTES);
    }
}
