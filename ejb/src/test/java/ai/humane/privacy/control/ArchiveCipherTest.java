package ai.humane.privacy.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.crypto.control.KeyRing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArchiveCipherTest {

    private final String current = KeyRing.generateKey();
    private final String old = KeyRing.generateKey();
    private final UUID tenant = UUID.randomUUID();
    private final UUID job = UUID.randomUUID();
    private final byte[] archive = new byte[3 * (1 << 20) + 12345];

    {
        new Random(7).nextBytes(archive);
    }

    private static ArchiveCipher cipher(String keys) {
        return new ArchiveCipher(new KeyRing(keys).derive(ArchiveCipher.purpose()));
    }

    private byte[] seal(ArchiveCipher cipher) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = cipher.sealing(sealed, tenant, job)) {
            out.write(archive);
        }
        return sealed.toByteArray();
    }

    private byte[] open(ArchiveCipher cipher, byte[] sealed, UUID forJob, byte[] keyId) throws IOException {
        try (InputStream in = cipher.opening(new ByteArrayInputStream(sealed), tenant, forJob, keyId)) {
            return in.readAllBytes();
        }
    }

    @Test
    void opensWhatItSealedAcrossSegments() throws IOException {
        ArchiveCipher cipher = cipher(current);
        assertArrayEquals(archive, open(cipher, seal(cipher), job, cipher.keyId()));
    }

    @Test
    void anOlderKeyOfTheRingStillOpensAfterANewOneIsPutInFront() throws IOException {
        ArchiveCipher before = cipher(old);
        byte[] sealed = seal(before);
        assertArrayEquals(archive, open(cipher(current + "," + old), sealed, job, before.keyId()));
        assertThrows(IOException.class, () -> open(cipher(current), sealed, job, before.keyId()), "a dropped key");
    }

    @Test
    void refusesATruncatedAlteredOrMovedArchive() throws IOException {
        ArchiveCipher cipher = cipher(current);
        byte[] sealed = seal(cipher);
        byte[] truncated = Arrays.copyOf(sealed, (1 << 20) + 100);
        assertThrows(IOException.class, () -> open(cipher, truncated, job, cipher.keyId()));
        byte[] altered = sealed.clone();
        altered[altered.length / 2] ^= 1;
        assertThrows(IOException.class, () -> open(cipher, altered, job, cipher.keyId()));
        assertThrows(IOException.class, () -> open(cipher, sealed, UUID.randomUUID(), cipher.keyId()), "another job's parts");
    }
}
