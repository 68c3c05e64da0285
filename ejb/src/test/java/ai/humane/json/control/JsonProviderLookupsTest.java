package ai.humane.json.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source of the application calls {@code jakarta.json.Json}'s factory methods: each looks the JSON-P provider
 * up again (a class-path search), which profiling found to be 42 % of the CPU of {@code POST /messages}.
 * {@link JsonP} holds the provider looked up once.
 */
class JsonProviderLookupsTest {

    private static final Pattern LOOKUP = Pattern.compile("(?<![\\w.])Json\\.create|jakarta\\.json\\.Json\\.|import jakarta\\.json\\.Json;");

    @Test
    void noSourceLooksTheProviderUpPerCall() throws IOException {
        List<Path> roots = List.of(Path.of("src/main/java"), Path.of("../web/src/main/java"));
        for (Path root : roots) {
            assertTrue(Files.isDirectory(root), root + " is where the sources are");
        }
        List<Path> lookups = roots.stream().flatMap(JsonProviderLookupsTest::sources).filter(JsonProviderLookupsTest::looksUp)
                .toList();
        assertEquals(List.of(), lookups);
    }

    @Test
    void theSharedProviderBuildsWhatJsonWould() {
        assertEquals("{\"a\":[1,\"b\"]}", JsonP.createObjectBuilder()
                .add("a", JsonP.createArrayBuilder().add(JsonP.createValue(1)).add(JsonP.createValue("b"))).build().toString());
    }

    private static Stream<Path> sources(Path root) {
        try {
            return Files.walk(root).filter(path -> path.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(root.toString(), e);
        }
    }

    private static boolean looksUp(Path source) {
        try {
            return LOOKUP.matcher(Files.readString(source)).find();
        } catch (IOException e) {
            throw new IllegalStateException(source.toString(), e);
        }
    }
}
