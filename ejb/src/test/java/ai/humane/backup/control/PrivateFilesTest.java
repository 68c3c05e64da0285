package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's bytes on the operator's machine are its owner's alone from the first byte (O3): written into a file that
 * is made private, or narrowed to private, before anything is written, never replaced by a new file of the default
 * mode. Broken once: with {@code Files.copy(…, REPLACE_EXISTING)}, as the restore and the fetch wrote them until
 * 2026-12-07, the private temporary file came out {@code rw-r--r--}.
 */
class PrivateFilesTest {

    private static final byte[] DATABASE = "the database in clear".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void aHeldFileStaysItsOwnersAloneOnceFilledAndIsRemovedAtClose() throws Exception {
        Path file;
        try (PrivateFiles.Held held = PrivateFiles.create(folder, "humane-restore-", ".zip")) {
            file = held.path();
            assertEquals("rw-------", mode(file), "created private");
            PrivateFiles.fill(file, new ByteArrayInputStream(DATABASE));
            assertEquals("rw-------", mode(file), "still private once filled");
            assertArrayEquals(DATABASE, Files.readAllBytes(file));
        }
        assertFalse(Files.exists(file), "removed at close");
    }

    @Test
    void aFileMadeOrFoundIsPrivateBeforeItIsWritten() throws Exception {
        Path made = folder.resolve("made.zip");
        PrivateFiles.fill(made, new ByteArrayInputStream(DATABASE));
        assertEquals("rw-------", mode(made), "made private");

        Path found = Files.writeString(folder.resolve("found.zip"), "an older and longer content than the database's");
        Files.setPosixFilePermissions(found, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.fill(found, new ByteArrayInputStream(DATABASE));
        assertEquals("rw-------", mode(found), "narrowed to private");
        assertArrayEquals(DATABASE, Files.readAllBytes(found), "what it held before is replaced");
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
