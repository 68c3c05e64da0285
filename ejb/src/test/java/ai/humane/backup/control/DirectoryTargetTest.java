package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory target touches backups' names only, inside its folder, and shows a backup only once complete. */
class DirectoryTargetTest {

    @TempDir
    Path folder;

    @Test
    void aNameThatIsNotABackupsIsRefusedForEveryOperation() throws IOException {
        DirectoryTarget target = new DirectoryTarget(folder.resolve("backups"));
        Path outside = Files.writeString(folder.resolve("humane-20261202T021500Z.zip"), "someone else's file");
        for (String name : List.of("../humane-20261202T021500Z.zip", "notes.txt", "humane-20261202T021500Z.zip/..")) {
            assertThrows(IllegalArgumentException.class, () -> target.create(name), name);
            assertThrows(IllegalArgumentException.class, () -> target.open(name), name);
            assertThrows(IllegalArgumentException.class, () -> target.delete(name), name);
        }
        assertTrue(Files.exists(outside), "nothing outside the folder was deleted");
    }

    @Test
    void aBackupAppearsUnderItsNameOnlyWhenItsStreamIsClosed() throws IOException {
        DirectoryTarget target = new DirectoryTarget(folder.resolve("backups"));
        String name = BackupNames.of(Instant.parse("2026-12-02T02:15:00Z"), true);
        try (OutputStream out = target.create(name)) {
            out.write(new byte[] {1, 2, 3});
            assertEquals(List.of(), target.list());
        }
        assertEquals(List.of(name), target.list());
    }
}
