package ai.humane.backup.control;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * An OpenPGP key pair as an operator would make with {@code gpg --quick-generate-key}: an RSA primary key that
 * certifies and an RSA subkey that encrypts, the secret half protected by a passphrase; both armored in files.
 */
record TestBackupKeys(Path publicKey, Path secretKey, char[] passphrase) {

    static TestBackupKeys generate(Path folder) throws IOException, PGPException {
        char[] passphrase = "correct horse battery staple".toCharArray();
        RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
        rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
        Date now = new Date();
        PGPKeyPair primary = new BcPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), now);
        PGPKeyPair encryption = new BcPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), now);
        PGPSignatureSubpacketGenerator certify = new PGPSignatureSubpacketGenerator();
        certify.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        PGPSignatureSubpacketGenerator encrypt = new PGPSignatureSubpacketGenerator();
        encrypt.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
        PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
        PGPDigestCalculator sha256 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256);
        PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
                "Humane backups (test) <ops@humane.test>", sha1, certify.generate(), null,
                new BcPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256),
                new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha256, 0x60).build(passphrase));
        rings.addSubKey(encryption, encrypt.generate(), null);
        Path publicKey = folder.resolve("backup-public.asc");
        Path secretKey = folder.resolve("backup-secret.asc");
        try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(publicKey))) {
            rings.generatePublicKeyRing().encode(out);
        }
        try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(secretKey))) {
            rings.generateSecretKeyRing().encode(out);
        }
        return new TestBackupKeys(publicKey, secretKey, passphrase);
    }
}
