package ai.humane.backup.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Backups in a directory (a mounted volume, a network share). A backup is written to a hidden partial file and
 * moved into place when complete, so a crash never leaves a truncated file under a backup's name; files are
 * readable by their owner only.
 */
public final class DirectoryTarget implements BackupTarget {

    private final Path folder;

    public DirectoryTarget(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public OutputStream create(String name) throws IOException {
        Path partial = folder.resolve("." + BackupNames.require(name) + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new FilterOutputStream(Files.newOutputStream(partial)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(folder.resolve(BackupNames.require(name)));
    }

    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(BackupNames::isBackup).sorted().toList();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(folder.resolve(BackupNames.require(name)));
    }

    @Override
    public String describe() {
        return folder.toAbsolutePath().toString();
    }
}
