package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * O3's S3-compatible target against a real S3 server on loopback: uploads in parts appear only when complete,
 * a failed one leaves neither an object nor an unfinished upload, names stay under their prefix, credentials
 * are checked, and a backup taken into the bucket restores exactly.
 */
class S3TargetTest {

    private static final String BUCKET = "humane-backups";
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    static Path folder;
    private static LoopbackS3 server;
    private static S3Client s3;

    @BeforeAll
    static void started() throws Exception {
        server = LoopbackS3.start(BUCKET);
        s3 = server.client(true);
    }

    @AfterAll
    static void stopped() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void aBackupLargerThanAPartIsUploadedInPartsAndReadBackWhole() throws IOException {
        S3Target target = new S3Target(s3, BUCKET, "parts", PART);
        String name = BackupNames.of(Instant.parse("2026-12-01T02:15:00Z"), true);
        byte[] backup = new byte[2 * PART + 12345];
        new Random(7).nextBytes(backup);
        try (OutputStream out = target.create(name)) {
            assertEquals(List.of(), target.list(), "nothing is visible before the upload completes");
            for (int at = 0; at < backup.length; at += 4096) {
                out.write(backup, at, Math.min(4096, backup.length - at));
            }
            assertEquals(List.of(), target.list(), "two parts are up, but no object yet");
        }
        assertEquals(List.of(name), target.list());
        try (InputStream in = target.open(name)) {
            assertArrayEquals(backup, in.readAllBytes());
        }
        assertEquals(List.of(), s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads());
    }

    @Test
    void namesAreListedOnlyUnderTheirPrefixAndOnlyIfTheyAreBackups() throws IOException {
        S3Target target = S3Target.at(java.net.URI.create("s3://" + BUCKET + "/nightly/eu"), s3);
        String name = BackupNames.of(Instant.parse("2026-12-02T02:15:00Z"), false);
        try (OutputStream out = target.create(name)) {
            out.write("small".getBytes());
        }
        s3.putObject(r -> r.bucket(BUCKET).key("nightly/eu/notes.txt"), RequestBody.fromString("not a backup"));
        s3.putObject(r -> r.bucket(BUCKET).key("nightly/" + name), RequestBody.fromString("another prefix"));
        assertEquals(List.of(name), target.list());
        assertEquals("s3://" + BUCKET + "/nightly/eu/", target.describe());
        target.delete(name);
        assertEquals(List.of(), target.list());
        assertThrows(IllegalArgumentException.class, () -> target.create("../escape.zip"));
    }

    @Test
    void aBackupThatFailsHalfwayLeavesNoObjectAndNoUnfinishedUpload() throws Exception {
        S3Target target = new S3Target(s3, BUCKET, "failed", PART);
        DatabaseSettings db = TestDatabases.fresh();
        Backups backups = Backups.configure(false, target, Optional.empty(), Clock.systemUTC());
        try (Connection app = TestDatabases.asApp(db)) {
            // The runtime role is refused mid-way (it does not bypass row-level security): the snapshot fails.
            assertThrows(IllegalStateException.class, () -> backups.run(app));
        }
        assertEquals(List.of(), target.list());
        assertEquals(List.of(), s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("failed/")).uploads());
    }

    @Test
    void aWrongSecretIsRefusedByTheServer() {
        try (S3Client wrong = server.client(false)) {
            S3Target target = new S3Target(wrong, BUCKET, "wrong", PART);
            assertThrows(IOException.class, target::list);
        }
    }

    @Test
    void anEncryptedBackupTakenIntoTheBucketRestoresExactly() throws Exception {
        DatabaseSettings source = TestDatabases.migrated();
        TestBackupKeys keys = TestBackupKeys.generate(folder);
        BackupSettings settings = BackupSettings.fromEnvironment(server.environment("s3://" + BUCKET + "/restored"));
        Backups backups = Backups.configure(false, settings.target(settings.target().orElseThrow()),
                Optional.of(BackupKey.from(keys.publicKey().toString())), Clock.systemUTC());
        Backups.Result backup = backups.run(BackupRoundTripTest.asBackupRole(source));

        Path fetched = folder.resolve("fetched.zip.pgp");
        try (InputStream in = backups.target().open(backup.name())) {
            Files.copy(in, fetched);
        }
        Path clear = folder.resolve("fetched.zip");
        new BackupSecretKey(keys.secretKey(), keys.passphrase()).decrypt(fetched, clear);
        DatabaseSettings copy = TestDatabases.fresh();
        try (Connection owner = TestDatabases.asOwner(copy); ZipFile archive = new ZipFile(clear.toFile())) {
            new Restore().into(owner, archive, version -> ai.humane.status.control.SchemaMigrations.migrateTo(copy.url(),
                    copy.ownerUser(), copy.ownerPassword(), copy.appUser(), version));
        }
        assertEquals(BackupRoundTripTest.contents(source), BackupRoundTripTest.contents(copy));
        assertTrue(backup.encrypted());
    }
}
