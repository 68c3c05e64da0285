package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The console's one third-party file is pinned: qrcode-generator 2.0.4's dist/qrcode.mjs from the npm registry
 * (MIT, Kazuhiko Arase), byte for byte. Upgrading means replacing the file and this digest together
 * (docs/console.md says how).
 */
class VendoredAssetsTest {

    @Test
    void qrcodeGeneratorIsTheReleasedFileUnchanged() throws IOException, NoSuchAlgorithmException {
        byte[] file = Files.readAllBytes(Path.of("src/main/webapp/console/assets/vendor/qrcode-generator.js"));
        assertEquals("ea91d7118a5395289170da848b7c6758b996163bfbccf312591ab65a4911b7c0",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
    }
}
