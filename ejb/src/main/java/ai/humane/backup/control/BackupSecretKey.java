package ai.humane.backup.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * The private half, on the restoring operator's machine only (never the application host's): decrypts a
 * backup into a file, checking the integrity packet, so a tampered or truncated backup is refused.
 */
public final class BackupSecretKey {

    private final PGPSecretKeyRingCollection keys;
    private final char[] passphrase;

    public BackupSecretKey(Path keyFile, char[] passphrase) throws IOException {
        try (InputStream in = Files.newInputStream(keyFile)) {
            this.keys = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
        } catch (PGPException e) {
            throw new IOException(keyFile + " is not an OpenPGP secret key", e);
        }
        this.passphrase = passphrase.clone();
    }

    /**
     * Decrypts {@code encrypted} into {@code clear}, readable by its owner alone before a byte is written
     * ({@link PrivateFiles}); if it fails, even part-way (a truncated file, a full disk), {@code clear} is removed, so
     * no part of the database is left behind in clear.
     */
    public void decrypt(Path encrypted, Path clear) throws IOException {
        try {
            decryptInto(encrypted, clear);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(clear);
            throw e;
        }
    }

    private void decryptInto(Path encrypted, Path clear) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(encrypted))) {
            Object first = new BcPGPObjectFactory(in).nextObject();
            if (!(first instanceof PGPEncryptedDataList list)) {
                throw new IOException(encrypted + " is not an OpenPGP encrypted message");
            }
            for (PGPEncryptedData data : list) {
                if (data instanceof PGPPublicKeyEncryptedData sealed && keys.getSecretKey(sealed.getKeyID()) != null) {
                    open(sealed, privateKey(keys.getSecretKey(sealed.getKeyID())), clear);
                    return;
                }
            }
            throw new IOException(encrypted + " was not encrypted to this key");
        } catch (PGPException e) {
            throw new IOException("the backup could not be decrypted: " + e.getMessage(), e);
        }
    }

    private PGPPrivateKey privateKey(PGPSecretKey secret) throws PGPException {
        return secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(passphrase));
    }

    private static void open(PGPPublicKeyEncryptedData sealed, PGPPrivateKey key, Path clear)
            throws IOException, PGPException {
        Object message = new BcPGPObjectFactory(sealed.getDataStream(new BcPublicKeyDataDecryptorFactory(key))).nextObject();
        if (message instanceof PGPCompressedData compressed) {
            message = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
        }
        if (!(message instanceof PGPLiteralData literal)) {
            throw new IOException("the backup holds no data");
        }
        try (InputStream data = literal.getInputStream()) {
            PrivateFiles.fill(clear, data);
        }
        if (!sealed.isIntegrityProtected() || !sealed.verify()) {
            throw new IOException("the backup failed its integrity check: it was changed or cut short");
        }
    }
}
