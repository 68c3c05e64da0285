package ai.humane.crypto.control;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Fernet key (version 0x80): a 128-bit HMAC-SHA256 signing key followed by a 128-bit AES-CBC encryption
 * key, written as 32 bytes of url-safe base64. Written against the Fernet spec with javax.crypto rather than
 * taken from a library: fernet-java8, the Java one on Maven Central, has not been released since 1.5.0 in
 * 2020, and the format is small enough to prove here with the spec's own test vectors.
 */
final class FernetKey {

    static final int ENCODED_BYTES = 32;

    private final SecretKeySpec signing;
    private final SecretKeySpec encryption;
    private final SecretKeySpec whole;

    private FernetKey(byte[] raw) {
        signing = new SecretKeySpec(raw, 0, 16, "HmacSHA256");
        encryption = new SecretKeySpec(raw, 16, 16, "AES");
        whole = new SecretKeySpec(raw, "HmacSHA256");
    }

    /**
     * A key for another use of the same secret: HKDF-Expand (RFC 5869, one block) of the whole 32-byte key with
     * {@code info}, so nothing made with the derived key is a Fernet token or reveals the Fernet key.
     */
    byte[] derive(byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(whole);
            mac.update(info);
            return mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Empty when the text is not url-safe base64 of exactly 32 bytes; no detail, since the text is a secret. */
    static Optional<FernetKey> parse(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return raw.length == ENCODED_BYTES ? Optional.of(new FernetKey(raw)) : Optional.empty();
    }

    /** Size of the decoded key text, for error messages that must not show the key itself. */
    static int decodedLength(String text) {
        try {
            return Base64.getUrlDecoder().decode(text).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    String encrypt(byte[] plaintext, long timestamp, byte[] iv) {
        byte[] ciphertext;
        try {
            ciphertext = crypt(Cipher.ENCRYPT_MODE, iv, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
        ByteBuffer signed = ByteBuffer.allocate(FernetToken.HEADER_BYTES + ciphertext.length)
                .put(FernetToken.VERSION).putLong(timestamp).put(iv).put(ciphertext);
        byte[] hmac = hmac(signed.array());
        byte[] token = Arrays.copyOf(signed.array(), signed.capacity() + hmac.length);
        System.arraycopy(hmac, 0, token, signed.capacity(), hmac.length);
        return Base64.getUrlEncoder().encodeToString(token);
    }

    /** The plaintext, or empty when this key did not write the token or the token was altered. */
    Optional<byte[]> decrypt(FernetToken token) {
        // The HMAC is checked before any decryption, so altered ciphertext never reaches the padding code.
        if (!MessageDigest.isEqual(hmac(token.signedPart()), token.hmac())) {
            return Optional.empty();
        }
        try {
            return Optional.of(crypt(Cipher.DECRYPT_MODE, token.iv(), token.ciphertext()));
        } catch (BadPaddingException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC decryption failed", e);
        }
    }

    @Override
    public String toString() {
        return "FernetKey[redacted]";
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signing);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A Cipher per call: Cipher instances are not thread-safe and the ring is shared. */
    private byte[] crypt(int mode, byte[] iv, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(mode, encryption, new IvParameterSpec(iv));
        return cipher.doFinal(input);
    }
}
