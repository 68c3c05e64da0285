package ai.humane.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders of a local run that hold working secrets (the database roles' passwords, development keys,
 * the local mailbox's links): readable by the user who runs it alone, before anything is written to them, also
 * when an earlier version left them with the default mode.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** {@code file}, created {@code rw-------} when missing, set so when it was there; its content untouched. */
    public static Path file(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        } else {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        return file;
    }

    /** Writes {@code text} to {@code file} (replacing what it held) once the file is {@link #file owner-only}. */
    public static void write(Path file, String text) throws IOException {
        Files.writeString(file(file), text);
    }

    /** {@code folder} and its parents created when missing, and the folder itself set {@code rwx------}. */
    public static Path folder(Path folder) throws IOException {
        Files.setPosixFilePermissions(Files.createDirectories(folder), FOLDER);
        return folder;
    }
}
