package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL binaries unpack on this module's test classpath as they must on a fresh machine. Every other
 * database test reuses the copy unpacked once under the temporary folder, so a library that breaks unpacking
 * (java-saml-core's commons-lang3 3.12 did, beside commons-compress 1.28) would otherwise fail only in CI.
 */
class EmbeddedPostgresUnpacksTest {

    @Test
    void theBinariesUnpackIntoAnEmptyFolderAndTheServerAnswers(@TempDir Path folder) throws Exception {
        Path binaries = Files.createDirectory(folder.resolve("binaries"));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(folder.resolve("data"))
                .start();
             Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet version = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            version.next();
            assertEquals(16, version.getInt(1));
        }
    }
}
