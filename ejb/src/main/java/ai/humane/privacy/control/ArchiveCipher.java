package ai.humane.privacy.control;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals export archives at rest (L3) with Tink's streaming AEAD, AES-256-GCM-HKDF in 1 MiB segments: each
 * archive gets its own key (HKDF from the ring key and a random salt in the header), every segment is
 * authenticated and numbered, and the last is marked, so a truncated, reordered or spliced archive fails to
 * open. The associated data binds the ciphertext to its tenant and job: parts moved to another job do not
 * open. The ring keys are derived from FERNET_KEYS (K3) for this purpose only, so the archives follow its
 * rotation: the current key seals, any key of the ring opens, and {@link #keyId} says which one sealed.
 */
public final class ArchiveCipher {

    static final String PURPOSE = "l3/export-archive/v1";
    private static final int SEGMENT_BYTES = 1 << 20;

    private final List<byte[]> keys;

    /** @param keys the derived ring keys, the current one first (see {@code FieldEncryption.derive}) */
    public ArchiveCipher(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key to seal archives with");
        }
        this.keys = List.copyOf(keys);
    }

    public static String purpose() {
        return PURPOSE;
    }

    /** Which key seals new archives: the first 8 bytes of SHA-256 of the current derived key. */
    public byte[] keyId() {
        return keyId(keys.get(0));
    }

    public OutputStream sealing(OutputStream out, UUID tenant, UUID job) throws IOException {
        try {
            return aead(keys.get(0)).newEncryptingStream(out, associated(tenant, job));
        } catch (GeneralSecurityException e) {
            throw new IOException("the archive cannot be sealed", e);
        }
    }

    /** @throws IOException when no key of the ring has the id, or (while reading) the archive was altered */
    public InputStream opening(InputStream in, UUID tenant, UUID job, byte[] keyId) throws IOException {
        byte[] key = key(keyId).orElseThrow(() -> new IOException("the key that sealed the archive is no longer in FERNET_KEYS"));
        try {
            return aead(key).newDecryptingStream(in, associated(tenant, job));
        } catch (GeneralSecurityException e) {
            throw new IOException("the archive cannot be opened", e);
        }
    }

    /**
     * Whether a key of the ring has the id an archive was sealed under ({@code privacy_jobs.key_id}): false once
     * the Fernet key it derives from has left FERNET_KEYS. A restore asks it of every archive still downloadable
     * (O3), so that a ring missing a retired key is named before a download fails.
     */
    public boolean holds(byte[] keyId) {
        return key(keyId).isPresent();
    }

    private Optional<byte[]> key(byte[] keyId) {
        return keys.stream().filter(key -> Arrays.equals(keyId(key), keyId)).findFirst();
    }

    private static AesGcmHkdfStreaming aead(byte[] key) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(key, "HmacSha256", 32, SEGMENT_BYTES, 0);
    }

    private static byte[] associated(UUID tenant, UUID job) {
        return ("humane/l3/export/" + tenant + "/" + job).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] keyId(byte[] key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
