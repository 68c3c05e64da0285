package ai.humane.backup.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * The OpenPGP public key every backup is encrypted to ({@code BACKUP_PUBLIC_KEY}, O3): the archive streams
 * through AES-256 with an integrity check (RFC 4880 SEIPD) into the target, so no clear byte of it is ever
 * written, and the host that writes backups cannot read one: the private key stays with its holders, who open
 * a backup with {@code gpg --decrypt} or {@code ./humane restore --key}.
 */
public final class BackupKey {

    private final PGPPublicKey key;

    private BackupKey(PGPPublicKey key) {
        this.key = key;
    }

    /**
     * The encryption key of an armored or binary public key block, given as such or as the path of a file. No refusal
     * repeats the value, which goes to the deployment's log: any other armored block (a private key given by mistake)
     * is named as such, and a value that is no readable file's path (a private key in one line of base64, say) as no
     * readable file (until 2026-12-07 the refusal quoted the value, private key included).
     */
    public static BackupKey from(String setting) {
        String value = setting.strip();
        boolean block = value.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        if (!block && value.contains("-----BEGIN PGP")) {
            throw new IllegalArgumentException("BACKUP_PUBLIC_KEY holds an OpenPGP block that is not a public key"
                    + " (its value is not shown; a private key belongs with its holders, never on this host)");
        }
        byte[] bytes;
        try {
            bytes = block ? value.getBytes(StandardCharsets.US_ASCII) : Files.readAllBytes(Path.of(value));
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("BACKUP_PUBLIC_KEY is neither an OpenPGP public key block nor the path"
                    + " of a readable file holding one (its value is not shown)");
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (PGPPublicKeyRing ring : rings) {
                for (PGPPublicKey candidate : ring) {
                    if (candidate.isEncryptionKey() && !candidate.hasRevocation()) {
                        return new BackupKey(candidate);
                    }
                }
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("BACKUP_PUBLIC_KEY does not hold a readable OpenPGP public key ("
                    + e.getClass().getSimpleName() + "; its value is not shown)");
        }
        throw new IllegalArgumentException("BACKUP_PUBLIC_KEY holds no key that can encrypt");
    }

    /** The key's fingerprint, for the log: which key a backup was written to. */
    public String fingerprint() {
        return java.util.HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** A stream that encrypts what is written to it into {@code out}; closing it finishes the message. */
    public OutputStream encrypting(OutputStream out, String fileName) throws IOException {
        PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
        encryption.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));
        try {
            OutputStream encrypted = encryption.open(out, new byte[1 << 16]);
            OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY, fileName,
                    new Date(), new byte[1 << 16]);
            return new java.io.FilterOutputStream(literal) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    literal.close();
                    encrypted.close();
                }
            };
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption could not start", e);
        }
    }
}
