package ai.humane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The DNS TXT records the shared server sees (its SSO_DNS_FILE): tests publish here instead of in real DNS, which
 * no test ever queries.
 */
public final class TestDns {

    static final Path FILE = Path.of("target", "it-dns", "txt-records").toAbsolutePath();

    private TestDns() {
    }

    public static synchronized void publishTxt(String name, String value) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, name + " " + value + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
