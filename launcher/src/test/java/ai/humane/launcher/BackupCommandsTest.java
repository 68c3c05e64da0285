package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code humane restore} of an encrypted backup leaves no file of its own behind, however it ends. */
class BackupCommandsTest {

    @TempDir
    Path home;
    @TempDir
    Path scratch;

    /**
     * The private file a backup is decrypted into is removed when the decryption fails, here before a byte is written
     * (no key file where {@code --key} says); a decryption cut short is {@code BackupRoundTripTest.aTruncatedBackup…}'s
     * (broken once: the decryption ran before the try that removes the file, which stayed).
     */
    @Test
    void aBackupThatCannotBeDecryptedLeavesNoFileBehind() throws IOException {
        Path backup = Files.writeString(home.resolve("humane-20261202T021500Z.zip.pgp"), "not OpenPGP");
        Path key = home.resolve("backup-secret.asc");
        Workspace workspace = new Workspace(home, 0, null, Map.of("BACKUP_KEY_PASSPHRASE", "correct horse"));
        assertThrows(NoSuchFileException.class, () -> new BackupCommands(workspace, scratch)
                .restore(backup.toString(), Options.parse(List.of("--key", key.toString()))));
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
