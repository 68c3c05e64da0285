package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.local.LoopbackPorts;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.SealedExports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code humane restore} of an encrypted backup leaves no file of its own behind, however it ends; with FERNET_KEYS, it
 * warns of the export archives that the ring cannot open.
 */
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

    /**
     * {@code --expect-sha256}: a backup whose SHA-256 is not the one the operators kept (a forged or swapped file) is
     * refused before anything is decrypted or restored; the right one goes on (here to the missing key). Broken once:
     * with the option ignored, the wrong hash went on to the decryption.
     */
    @Test
    void aBackupWhoseSha256IsNotTheOneKeptIsRefusedBeforeAnythingElse() throws Exception {
        Path backup = Files.writeString(home.resolve("humane-20261202T021500Z.zip.pgp"), "not OpenPGP");
        String actual = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(backup)));
        Path key = home.resolve("backup-secret.asc");
        Workspace workspace = new Workspace(home, 0, null, Map.of("BACKUP_KEY_PASSPHRASE", "correct horse"));
        String wrong = "0".repeat(64);
        assertEquals(2, new BackupCommands(workspace, scratch).restore(backup.toString(),
                Options.parse(List.of("--key", key.toString(), "--expect-sha256", wrong))));
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "nothing decrypted");
        }
        assertThrows(NoSuchFileException.class, () -> new BackupCommands(workspace, scratch).restore(backup.toString(),
                Options.parse(List.of("--key", key.toString(), "--expect-sha256", actual.toUpperCase()))));
    }

    /**
     * On the embedded PostgreSQL: a backup holds an export archive sealed under the key derived from a Fernet key
     * since retired. Restored with a FERNET_KEYS that lacks it, the restore warns where and how many, naming neither
     * key nor content; restored with the retired key at the end of the ring, it warns of nothing (broken once: the
     * launcher left the archives out of its report).
     */
    @Test
    void aRestoreWarnsOfExportArchivesThatNoKeyOfTheRingOpens() throws Exception {
        String retired = KeyRing.generateKey();
        String current = KeyRing.generateKey();
        int port = LoopbackPorts.free();
        Workspace source = new Workspace(home, port, null, Map.of());
        try (EmbeddedDatabase database = source.startEmbedded()) {
            DatabaseSettings db = database.database(Workspace.DATABASE);
            SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
            try (Connection app = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword());
                 Connection superuser = database.superuser(Workspace.DATABASE)) {
                UUID tenant = new TenantProvisioning().provision(app, "Exported", "owner@example.test", "Owner").tenantId();
                SealedExports.seal(superuser, tenant, retired, "1 day");
            }
        }
        assertEquals(0, new BackupCommands(source, scratch).backup());
        Path backup;
        try (Stream<Path> taken = Files.list(home.resolve("backups"))) {
            backup = taken.filter(file -> file.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        String warned = restoreWarnings(port, backup, "without_retired", current);
        assertTrue(warned.contains("WARNING: 1 downloadable export archive(s) in privacy_archive_parts.bytes"), warned);
        assertFalse(warned.contains(retired) || warned.contains(current), "no key in the warning");
        assertEquals("", restoreWarnings(port, backup, "with_retired", current + "," + retired));
    }

    /** What {@code humane restore} of {@code backup} into a new embedded database writes to standard error. */
    private String restoreWarnings(int port, Path backup, String database, String fernetKeys) throws Exception {
        Workspace workspace = new Workspace(home, port, null, Map.of("FERNET_KEYS", fernetKeys));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new BackupCommands(workspace, scratch).restore(backup.toString(),
                    Options.parse(List.of("--database", database))));
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
