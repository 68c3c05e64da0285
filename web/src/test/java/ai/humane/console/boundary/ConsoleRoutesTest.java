package ai.humane.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edge proxies exactly the console's routes: a page added to {@link ConsolePages#ROUTES} but not to
 * docker/Caddyfile would load locally and be Caddy's 404 in production; one only in the Caddyfile would
 * reach the application for nothing.
 */
class ConsoleRoutesTest {

    @Test
    void theCaddyfileProxiesTheConsolesRoutesAndNothingElseOfIt() throws IOException {
        List<String> expected = new ArrayList<>(List.of("/", "/assets/*"));
        ConsolePages.ROUTES.stream().filter(route -> !route.isEmpty())
                .forEach(route -> expected.addAll(List.of("/" + route, "/" + route + "/*")));
        assertEquals(expected, consolePathsOf(Path.of("..", "docker", "Caddyfile")));
    }

    @Test
    void segmentsAreReadAsTheFilterRoutesThem() {
        assertEquals("", ConsolePages.firstSegment("/"));
        assertEquals("", ConsolePages.firstSegment(""));
        assertEquals("monitor", ConsolePages.firstSegment("/monitor"));
        assertEquals("end-users", ConsolePages.firstSegment("/end-users/7f1c0f52"));
    }

    /** The paths of the console's lines: those after its comment in the {@code @api} matcher. */
    private static List<String> consolePathsOf(Path caddyfile) throws IOException {
        List<String> paths = new ArrayList<>();
        boolean console = false;
        for (String line : Files.readAllLines(caddyfile)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("# The console")) {
                console = true;
            } else if (console && trimmed.startsWith("path ")) {
                paths.addAll(Arrays.asList(trimmed.substring("path ".length()).split("\\s+")));
            } else if (console) {
                break;
            }
        }
        return paths;
    }
}
