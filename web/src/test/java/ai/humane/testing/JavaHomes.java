package ai.humane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a Java runtime newer than the build's own 17, for tools that need one (Keycloak 26 needs 21+): the
 * {@code keycloak.java} system property or KEYCLOAK_JAVA_HOME first, else the newest under /usr/lib/jvm.
 * None found is a failure that names what was looked at, never a skipped test.
 */
final class JavaHomes {

    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private JavaHomes() {
    }

    static Path atLeast(int major) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("keycloak.java")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("KEYCLOAK_JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.addAll(installed());
        List<String> seen = new ArrayList<>();
        for (Path home : candidates) {
            int version = major(home);
            seen.add(home + " (" + (version == 0 ? "no Java" : "Java " + version) + ")");
            if (version >= major && Files.isExecutable(home.resolve("bin/java"))) {
                return home;
            }
        }
        throw new IllegalStateException("Keycloak 26 needs Java " + major + " or newer and none was found. Looked at: "
                + seen + ". Install one under " + JVMS + " (e.g. Temurin 25) or set -Dkeycloak.java=/path/to/jdk.");
    }

    private static List<Path> installed() {
        if (!Files.isDirectory(JVMS)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(JVMS)) {
            return homes.filter(Files::isDirectory).sorted(Comparator.comparingInt(JavaHomes::major).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The major version from the home's {@code release} file; 0 when it has none. */
    static int major(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring(line.indexOf('"') + 1);
                    String first = version.split("[.\"]")[0];
                    return Integer.parseInt(first.equals("1") ? version.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
