package ai.humane.backup.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a backup (O3): the snapshot streams through the OpenPGP encryption into the target, then the target is
 * pruned to 7 daily, 4 weekly and 12 monthly backups. Production never writes a backup without a key; an
 * unencrypted one is for development only.
 */
public final class Backups {

    /**
     * What a backup run wrote: {@code sha256} is the hex SHA-256 of the file as it is in the target (the encrypted file when
     * a key is set), for the operators to keep outside the host and give to {@code humane restore --expect-sha256}.
     */
    public record Result(String name, long bytes, String sha256, boolean encrypted, Manifest manifest,
                         List<String> pruned) {
    }

    private final BackupTarget target;
    private final Optional<BackupKey> key;
    private final Retention retention;
    private final Clock clock;

    private Backups(BackupTarget target, Optional<BackupKey> key, Retention retention, Clock clock) {
        this.target = target;
        this.key = key;
        this.retention = retention;
        this.clock = clock;
    }

    /** @throws IllegalStateException in production without a key: backups are never written in clear there */
    public static Backups configure(boolean production, BackupTarget target, Optional<BackupKey> key, Clock clock) {
        requireKeyIn(production, key);
        return new Backups(target, key, Retention.standard(), clock);
    }

    /** @throws IllegalStateException in production without a key: backups are never written in clear there */
    static void requireKeyIn(boolean production, Optional<BackupKey> key) {
        if (production && key.isEmpty()) {
            throw new IllegalStateException("BACKUP_PUBLIC_KEY is not set: production never writes a backup"
                    + " without encrypting it (O3)");
        }
    }

    /** Backs up the database {@code db} reads (the backup role) and prunes; the target then holds the new one. */
    public Result run(Connection db) throws SQLException, IOException {
        Instant taken = clock.instant();
        String name = BackupNames.of(taken, key.isPresent());
        Manifest manifest;
        Counting counted;
        try (OutputStream file = target.create(name)) {
            counted = new Counting(file);
            try (OutputStream sink = key.isPresent() ? key.get().encrypting(counted, name.replace(".pgp", "")) : counted) {
                manifest = new Snapshot().write(db, sink);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // Never leave a cut-short backup under a backup's name.
            target.delete(name);
            throw e;
        }
        return new Result(name, counted.bytes, HexFormat.of().formatHex(counted.digest.digest()), key.isPresent(),
                manifest, prune(taken));
    }

    public BackupTarget target() {
        return target;
    }

    /**
     * The hex SHA-256 of a backup file as {@link Result#sha256()} gives it when the backup is written, for the restore
     * to compare ({@code --expect-sha256}): one way of hashing a backup, on both sides.
     */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A SHA-256 digest: every JDK has one. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prunes what retention does not keep, counting no backup dated after {@code written}, the one just written. */
    private List<String> prune(Instant written) throws IOException {
        List<String> names = target.list();
        Set<Instant> kept = retention.keep(names.stream().flatMap(n -> BackupNames.taken(n).stream()).toList(),
                written);
        List<String> pruned = new ArrayList<>();
        for (String name : names) {
            if (BackupNames.taken(name).filter(kept::contains).isEmpty()) {
                target.delete(name);
                pruned.add(name);
            }
        }
        return pruned;
    }

    /** Counts and digests what reaches the target; closing it leaves the target to its own try block. */
    private static final class Counting extends FilterOutputStream {

        private long bytes;
        private final MessageDigest digest = sha256();

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
