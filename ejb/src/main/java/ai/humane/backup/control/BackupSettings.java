package ai.humane.backup.control;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The backup settings (O3) read from one map, so the application (MicroProfile Config) and the launcher (the
 * environment) configure backups alike: {@code BACKUP_TARGET} (a directory, or {@code file:} URI),
 * {@code BACKUP_PUBLIC_KEY} (an OpenPGP public key block or its file), {@code BACKUP_DB_USER} and
 * {@code BACKUP_DB_PASSWORD} (a role that bypasses row-level security and only reads).
 */
public record BackupSettings(Optional<String> target, Optional<String> publicKey, Optional<String> user,
                             Optional<String> password) {

    public static BackupSettings fromEnvironment(Map<String, String> env) {
        return new BackupSettings(value(env.get("BACKUP_TARGET")), value(env.get("BACKUP_PUBLIC_KEY")),
                value(env.get("BACKUP_DB_USER")), value(env.get("BACKUP_DB_PASSWORD")));
    }

    public boolean configured() {
        return target.isPresent();
    }

    /**
     * Backups as configured.
     *
     * @throws IllegalStateException in production without a key, or without the backup role
     */
    public Backups backups(boolean production, Clock clock) throws IOException {
        String where = target.orElseThrow(() -> new IllegalStateException("BACKUP_TARGET is not set"));
        if (user.isEmpty()) {
            throw new IllegalStateException("BACKUP_DB_USER is not set: backups read as a role that bypasses"
                    + " row-level security and only reads (docs/runbook.md)");
        }
        return Backups.configure(production, directory(where), publicKey.map(BackupKey::from), clock);
    }

    private static BackupTarget directory(String where) throws IOException {
        if (where.startsWith("s3://")) {
            throw new IllegalStateException("BACKUP_TARGET s3:// is not supported by this release; use a directory"
                    + " (e.g. a mounted bucket) and see docs/runbook.md");
        }
        return new DirectoryTarget(where.startsWith("file:") ? Path.of(java.net.URI.create(where)) : Path.of(where));
    }

    private static Optional<String> value(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
