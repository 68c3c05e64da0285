package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The platform's WAR holds our own jars only and its libraries sit beside it: together exactly the libraries of
 * the complete WAR (humane.war, for other servers), none missing, none added.
 */
class PlatformLayoutIT {

    private static final Path PLATFORM = Path.of(System.getProperty("humane.launcher")).resolveSibling("platform");

    @Test
    void thePlatformWarAndItsLibrariesAreTheCompleteWarsLibraries() throws IOException {
        Set<String> platformWar = libraries(PLATFORM.resolve("humane.war"));
        assertFalse(platformWar.isEmpty());
        assertTrue(platformWar.stream().allMatch(name -> name.startsWith("humane-")), platformWar.toString());

        Set<String> beside = new TreeSet<>();
        try (Stream<Path> listed = Files.list(PLATFORM.resolve("humane-libs"))) {
            listed.forEach(path -> beside.add(path.getFileName().toString()));
        }
        assertTrue(Collections.disjoint(platformWar, beside), "a library both in the WAR and beside it");
        Set<String> together = new TreeSet<>(platformWar);
        together.addAll(beside);
        assertEquals(libraries(Path.of(System.getProperty("humane.fullWar"))), together);
    }

    private static Set<String> libraries(Path war) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            zip.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .forEach(name -> names.add(name.substring("WEB-INF/lib/".length())));
        }
        return names;
    }
}
