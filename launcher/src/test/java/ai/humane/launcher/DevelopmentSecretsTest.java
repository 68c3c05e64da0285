package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.humane.crypto.control.HmacKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentSecretsTest {

    @TempDir
    Path home;

    @Test
    void generatesAnHmacKeyOnceIntoTheDataFolderAndKeepsIt() throws Exception {
        String first = new DevelopmentSecrets(home).missingFrom(Map.of()).get("HMAC_KEY");
        String again = new DevelopmentSecrets(home).missingFrom(Map.of()).get("HMAC_KEY");

        assertEquals(first, again, "links mailed before a restart still verify after it");
        new HmacKeys(first);
        Path file = home.resolve("secrets").resolve("hmac-key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aKeyFromTheEnvironmentWins() {
        Map<String, String> secrets = new DevelopmentSecrets(home).missingFrom(Map.of("HMAC_KEY", HmacKeys.generateKey()));

        assertFalse(secrets.containsKey("HMAC_KEY"));
        assertFalse(Files.exists(home.resolve("secrets").resolve("hmac-key")));
    }

    @Test
    void productionGetsNoDevelopmentKeyAndBootsOnlyWithItsOwn() {
        Map<String, String> secrets = new DevelopmentSecrets(home).missingFrom(Map.of("APP_ENV", "production"));

        assertEquals(Map.of(), secrets, "APP_ENV=production ./humane run would sign with development keys");
        assertFalse(Files.exists(home.resolve("secrets")));
    }
}
