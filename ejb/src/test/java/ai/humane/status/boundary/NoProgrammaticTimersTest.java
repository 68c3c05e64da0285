package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Timers are {@code @Schedule(persistent = false)} only. On Payara Server a programmatic timer, even a
 * non-persistent one, loads the persistent EJB timer service, and its H2 database opens a TCP server on every
 * interface: the EAR proof (ear/verify-on-payara-server.sh) refused such a deployment. This test says so
 * before the EAR is ever deployed.
 */
class NoProgrammaticTimersTest {

    @Test
    void noBeanUsesTheTimerService() throws IOException {
        List<Path> users;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            users = sources.filter(path -> path.toString().endsWith(".java"))
                    .filter(NoProgrammaticTimersTest::usesTimerService).toList();
        }
        assertEquals(List.of(), users);
    }

    private static boolean usesTimerService(Path source) {
        try {
            String text = Files.readString(source);
            return text.contains("jakarta.ejb.TimerService") || text.contains("jakarta.ejb.*");
        } catch (IOException e) {
            throw new IllegalStateException(source.toString(), e);
        }
    }
}
