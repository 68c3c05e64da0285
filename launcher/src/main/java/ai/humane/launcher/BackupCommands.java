package ai.humane.launcher;

import ai.humane.backup.control.BackupRuns;
import ai.humane.backup.control.BackupSecretKey;
import ai.humane.backup.control.BackupSettings;
import ai.humane.backup.control.BackupTarget;
import ai.humane.backup.control.Backups;
import ai.humane.backup.control.Manifest;
import ai.humane.backup.control.PrivateFiles;
import ai.humane.backup.control.Restore;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.status.control.SchemaMigrations;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipFile;

/**
 * {@code humane backup} and {@code humane restore} (O3). A backup reads as the backup role (BACKUP_DB_USER; the
 * embedded database has {@code humane_backup}) and writes to BACKUP_TARGET (the embedded default:
 * {@code $HUMANE_HOME/backups}); production, the default for an external database, refuses without
 * BACKUP_PUBLIC_KEY. A restore loads a backup into an empty database as the owner role, decrypting it first
 * with the OpenPGP secret key of {@code --key} (passphrase: BACKUP_KEY_PASSPHRASE, or asked for) into a private
 * temporary file that is removed however the restore ends. {@code --backup-time-zone} names the zone a backup
 * from before 2026-12-06 was taken in, if not UTC: such backups did not record it. With FERNET_KEYS set (the ring
 * the restored release will run with), it warns of sealed values, and of export archives sealed under keys derived
 * from the ring, that no key of it opens.
 */
final class BackupCommands {

    private final Workspace workspace;
    private final Path scratch;

    BackupCommands(Workspace workspace) {
        this(workspace, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param scratch where a fetched or decrypted backup is kept, in a private file, while it is restored */
    BackupCommands(Workspace workspace, Path scratch) {
        this.workspace = workspace;
        this.scratch = scratch;
    }

    int backup() throws Exception {
        Map<String, String> env = new HashMap<>(workspace.environment());
        boolean production = !workspace.embedded() && !"development".equals(env.get("APP_ENV"));
        if (workspace.embedded()) {
            env.putIfAbsent("BACKUP_TARGET", workspace.home().resolve("backups").toString());
            env.putIfAbsent("BACKUP_DB_USER", EmbeddedDatabase.BACKUP_ROLE);
            env.putIfAbsent("BACKUP_DB_PASSWORD", EmbeddedDatabase.backupPasswordOf(workspace.home().resolve("postgres")));
        }
        BackupSettings settings = BackupSettings.fromEnvironment(env);
        Backups backups = settings.backups(production, Clock.systemUTC());
        return new OperatorCommands(workspace).onDatabase(db -> {
            try (Connection app = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword());
                 Connection reader = DriverManager.getConnection(db.url(), settings.user().orElseThrow(),
                         settings.password().orElse(""))) {
                BackupRuns runs = new BackupRuns();
                UUID run = runs.startManual(app, LocalDate.now(ZoneOffset.UTC));
                try {
                    Backups.Result result = backups.run(reader);
                    runs.succeeded(app, run, result);
                    System.out.println("Backup " + result.name() + " written to " + backups.target().describe() + ": "
                            + result.manifest().rows() + " rows of " + result.manifest().tables().size() + " tables at"
                            + " schema version " + result.manifest().schema() + ", " + result.bytes() + " bytes"
                            + (result.encrypted() ? ", encrypted" : ", NOT encrypted (development)")
                            + (result.pruned().isEmpty() ? "" : "; pruned " + result.pruned()));
                    System.out.println("SHA-256 " + result.sha256() + ": keep it outside this host, and give it to"
                            + " humane restore --expect-sha256");
                    return 0;
                } catch (IOException | RuntimeException | SQLException e) {
                    runs.failed(app, run, e.toString());
                    throw e;
                }
            }
        });
    }

    int restore(String file, Options options) throws Exception {
        if (file.startsWith("s3://")) {
            try (PrivateFiles.Held fetched = fetch(file)) {
                return restore(fetched.path().toString(), options);
            }
        }
        Path archive = Path.of(file);
        if (!Files.isRegularFile(archive)) {
            System.err.println("No backup file " + archive + " (decrypt with gpg, or give --key for a .pgp file)");
            return 2;
        }
        Optional<String> expected = Optional.ofNullable(options.optional("expect-sha256", null));
        if (expected.isPresent()) {
            String actual = Backups.sha256Of(archive);
            if (!actual.equalsIgnoreCase(expected.get().strip())) {
                System.err.println("Refusing to restore " + archive.getFileName() + ": its SHA-256 is " + actual
                        + ", not the " + expected.get().strip() + " given (--expect-sha256); nothing was restored");
                return 2;
            }
            System.out.println("The backup's SHA-256 is the one given: " + actual);
        }
        ZoneId formerZone = ZoneId.of(options.optional("backup-time-zone", "UTC"));
        Optional<KeyRing> ring = Optional.ofNullable(workspace.environment().get("FERNET_KEYS"))
                .filter(keys -> !keys.isBlank()).map(KeyRing::new);
        PrivateFiles.Held decrypted = file.endsWith(".pgp") ? PrivateFiles.create(scratch, "humane-restore-", ".zip")
                : null;
        Path clear = decrypted != null ? decrypted.path() : archive;
        try {
            // Inside the try: a decryption cut short (a truncated download, a full disk) leaves no clear part behind.
            if (!clear.equals(archive)) {
                new BackupSecretKey(Path.of(options.required("key")), passphrase(workspace.environment())).decrypt(archive, clear);
            }
            Path zip = clear;
            return restoreInto(options.optional("database", Workspace.DATABASE), db -> {
                try (Connection owner = DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
                     ZipFile backup = new ZipFile(zip.toFile())) {
                    Restore restore = new Restore(formerZone, ring);
                    Manifest restored = restore.into(owner, backup, version ->
                            SchemaMigrations.migrateTo(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), version));
                    System.out.println("Restored " + restored.rows() + " rows of " + restored.tables().size()
                            + " tables taken " + restored.created() + " at schema version " + restored.schema()
                            + "; every table's row count and SHA-256 match the backup's manifest.");
                    reportSealed(ring, restore.unopened(), restore.unopenedArchives());
                    return 0;
                }
            });
        } finally {
            if (decrypted != null) {
                decrypted.close();
            }
        }
    }

    /**
     * Warns of sealed values and export archives that the ring the restored database will run with cannot open (K3,
     * docs/runbook.md): where and how many, never what they hold or which key.
     */
    private static void reportSealed(Optional<KeyRing> ring, Map<String, Long> unopened, Map<String, Long> archives) {
        if (ring.isEmpty()) {
            System.out.println("FERNET_KEYS is not set: the sealed values and export archives were not checked against"
                    + " the ring the restored database will run with.");
            return;
        }
        unopened.forEach((column, count) -> System.err.println("WARNING: " + count + " sealed value(s) in " + column
                + " open under no key of FERNET_KEYS: add the retired key that sealed them (at the end of the ring)"
                + " before starting the restored release"));
        archives.forEach((column, count) -> System.err.println("WARNING: " + count + " downloadable export archive(s) in "
                + column + " were sealed under a key derived from one no longer in FERNET_KEYS: add the retired key (at"
                + " the end of the ring) before starting the restored release, or they cannot be downloaded"));
    }

    /** A backup in a bucket ({@code s3://bucket/prefix/name}, BACKUP_S3_* as for backups) copied to a private file. */
    private PrivateFiles.Held fetch(String location) throws IOException {
        int slash = location.lastIndexOf('/');
        String name = location.substring(slash + 1);
        BackupTarget bucket = BackupSettings.fromEnvironment(workspace.environment()).target(location.substring(0, slash));
        PrivateFiles.Held copy = PrivateFiles.create(scratch, "humane-restore-", name.endsWith(".pgp") ? ".zip.pgp" : ".zip");
        try (InputStream in = bucket.open(name)) {
            PrivateFiles.fill(copy.path(), in);
        } catch (IOException | RuntimeException e) {
            copy.close();
            throw e;
        }
        System.out.println("Fetched " + name + " from " + bucket.describe());
        return copy;
    }

    /** An external database as given, or a new embedded database of that name (a restore needs an empty one). */
    private int restoreInto(String name, OperatorCommands.DatabaseStep step) throws Exception {
        if (!workspace.embedded()) {
            return step.run(workspace.external());
        }
        if (workspace.embeddedRunning()) {
            System.err.println("Stop the local platform first: a restore creates its embedded database");
            return 2;
        }
        try (EmbeddedDatabase database = workspace.startEmbedded()) {
            DatabaseSettings db = database.database(name);
            return step.run(db);
        }
    }

    private static char[] passphrase(Map<String, String> env) {
        String given = env.get("BACKUP_KEY_PASSPHRASE");
        if (given != null) {
            return given.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("BACKUP_KEY_PASSPHRASE is not set and there is no console to ask on");
        }
        return console.readPassword("Passphrase of the backup key: ");
    }
}
