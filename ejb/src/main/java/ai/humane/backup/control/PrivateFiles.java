package ai.humane.backup.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a backup's bytes on the operator's machine (O3): readable by their owner alone before the first
 * byte is written, and removed when the JVM is stopped (Ctrl-C, SIGTERM) before the command's own clean-up runs.
 * {@code Files.copy(…, REPLACE_EXISTING)} into a private temporary file replaced it by a new file with the default
 * mode, so the database in clear was readable by every local user for the whole restore (found by a read-only review,
 * 2026-12-07); a stopped restore left it behind, since a JVM runs its shutdown hooks, not the main thread's
 * {@code finally}.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Writes {@code data} into {@code file}, made (or, if it exists, narrowed to) readable and writable by its owner
     * alone before anything is written; what it held before is replaced.
     */
    public static void fill(Path file, InputStream data) throws IOException {
        FileAttribute<?>[] privately = new FileAttribute<?>[0];
        if (posix(file)) {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            // Made private by the same call that creates it, if it is created here (removed meanwhile, say).
            privately = new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), privately))) {
            data.transferTo(out);
        }
    }

    /** A new, empty private file in {@code folder}, removed at {@link Held#close()} or when the JVM is stopped. */
    public static Held create(Path folder, String prefix, String suffix) throws IOException {
        Path file = posix(folder)
                ? Files.createTempFile(folder, prefix, suffix, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, prefix, suffix);
        Thread removal = new Thread(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "humane-private-file-removal");
        Runtime.getRuntime().addShutdownHook(removal);
        return new Held(file, removal);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** A private file and the shutdown hook that removes it if the JVM stops first. */
    public record Held(Path path, Thread removal) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            try {
                Runtime.getRuntime().removeShutdownHook(removal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it removes the file.
            }
            Files.deleteIfExists(path);
        }
    }
}
