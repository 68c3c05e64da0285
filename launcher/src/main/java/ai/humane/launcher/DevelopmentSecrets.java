package ai.humane.launcher;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.OwnerOnly;
import ai.humane.sessions.control.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Secrets for the local run only: generated once into the data folder (never the repository) and
 * reused, so sessions and tokens survive restarts. Anything set in the environment wins. None in any APP_ENV but
 * development (the launcher's default): production must refuse to boot without its own keys rather than sign
 * with keys kept on a developer's disk.
 */
final class DevelopmentSecrets {

    private final Path folder;

    DevelopmentSecrets(Path home) {
        this.folder = home.resolve("secrets");
    }

    Map<String, String> missingFrom(Map<String, String> environment) {
        Map<String, String> secrets = new HashMap<>();
        if (!"development".equals(environment.getOrDefault("APP_ENV", "development"))) {
            return secrets;
        }
        if (!environment.containsKey("JWT_SIGNING_KEYS")) {
            secrets.put("JWT_SIGNING_KEYS", kept("jwt-signing-keys.json",
                    () -> SigningKeys.generate("local-" + System.currentTimeMillis())));
        }
        if (!environment.containsKey("FERNET_KEYS")) {
            secrets.put("FERNET_KEYS", kept("fernet-keys", KeyRing::generateKey));
        }
        if (!environment.containsKey("HMAC_KEY")) {
            secrets.put("HMAC_KEY", kept("hmac-key", HmacKeys::generateKey));
        }
        return secrets;
    }

    private String kept(String name, Supplier<String> generate) {
        Path file = folder.resolve(name);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(folder);
                OwnerOnly.write(file, generate.get());
                System.out.println("Generated a development key in " + file + " (never use it in production)");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
