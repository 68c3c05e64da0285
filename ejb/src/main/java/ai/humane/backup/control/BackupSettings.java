package ai.humane.backup.control;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backup settings (O3) read by name, so the application (MicroProfile Config) and the launcher (the
 * environment) configure backups alike: {@code BACKUP_TARGET} (a directory, a {@code file:} URI or
 * {@code s3://bucket/prefix}), {@code BACKUP_PUBLIC_KEY} (an OpenPGP public key block or its file),
 * {@code BACKUP_DB_USER} and {@code BACKUP_DB_PASSWORD} (a role that bypasses row-level security and only
 * reads), and for a bucket the {@code BACKUP_S3_*} settings of {@link S3Access}.
 */
public record BackupSettings(Optional<String> target, Optional<String> publicKey, Optional<String> user,
                             Optional<String> password, S3Access s3) {

    public static BackupSettings fromEnvironment(Map<String, String> env) {
        return from(name -> Optional.ofNullable(env.get(name)));
    }

    /** The settings by their environment names, from any source that answers them. */
    public static BackupSettings from(Function<String, Optional<String>> setting) {
        Function<String, Optional<String>> value = name -> setting.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        return new BackupSettings(value.apply("BACKUP_TARGET"), value.apply("BACKUP_PUBLIC_KEY"),
                value.apply("BACKUP_DB_USER"), value.apply("BACKUP_DB_PASSWORD"), S3Access.from(value));
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
        return Backups.configure(production, target(where), verifiedKey(production), clock);
    }

    /**
     * The key backups are encrypted to, checked as a boot check does, without touching the target: the backup role
     * is named, production has a key, and the key is a public key that can encrypt.
     *
     * @throws IllegalStateException or IllegalArgumentException naming what is wrong
     */
    public Optional<BackupKey> verifiedKey(boolean production) {
        if (user.isEmpty()) {
            throw new IllegalStateException("BACKUP_DB_USER is not set: backups read as a role that bypasses"
                    + " row-level security and only reads (docs/runbook.md)");
        }
        Optional<BackupKey> key = publicKey.map(BackupKey::from);
        Backups.requireKeyIn(production, key);
        return key;
    }

    /** The target {@code where} names: a bucket for {@code s3://}, else a directory. */
    public BackupTarget target(String where) throws IOException {
        if (where.startsWith("s3://")) {
            return S3Target.at(URI.create(where), s3.client());
        }
        return new DirectoryTarget(where.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where));
    }
}
