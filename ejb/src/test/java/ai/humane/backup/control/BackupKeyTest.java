package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_PUBLIC_KEY is read as a public key block or the path of a file holding one (O3). A private key given by
 * mistake, or any value that is no readable file's path (a private key in one line of base64), is refused without
 * being repeated: the refusal goes to the deployment's log. Broken once: the refusal quoted the whole private key
 * (the file-not-found message of its value).
 */
class BackupKeyTest {

    @TempDir
    Path folder;

    @Test
    void aPrivateKeyOrAnotherBlockIsRefusedWithoutBeingRepeated() throws Exception {
        TestBackupKeys keys = TestBackupKeys.generate(folder);
        String privateKey = Files.readString(keys.secretKey());
        String body = privateKey.lines().filter(line -> line.length() > 40).findFirst().orElseThrow();
        String oneLine = java.util.Base64.getEncoder().encodeToString(privateKey.getBytes(StandardCharsets.US_ASCII));
        for (String value : new String[] {privateKey, "not a key\n" + body, oneLine, body}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BackupKey.from(value));
            assertFalse(refused.getMessage().contains(body), refused.getMessage());
            assertFalse(refused.getMessage().contains(oneLine.substring(0, 40)), refused.getMessage());
            assertFalse(String.valueOf(refused.getCause()).contains(body), String.valueOf(refused.getCause()));
        }
        assertEquals(BackupKey.from(Files.readString(keys.publicKey())).fingerprint(),
                BackupKey.from(keys.publicKey().toString()).fingerprint(), "a block and its file are the same key");
    }
}
