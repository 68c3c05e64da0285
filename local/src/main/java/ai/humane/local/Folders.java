package ai.humane.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the platform's local runs and tests make and remove. */
public final class Folders {

    private Folders() {
    }

    /** Deletes {@code folder} and everything in it; nothing when it is not there. */
    public static void deleteTree(Path folder) throws IOException {
        if (Files.notExists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
