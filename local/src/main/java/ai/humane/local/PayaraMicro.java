package ai.humane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process serving the WAR at the site root on a loopback-reachable port. Stopping
 * it sends SIGTERM and, if it has not ended after 30 s, SIGKILL: no process is left behind.
 */
public final class PayaraMicro {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PayaraMicro(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Payara Micro, with the {@code payara-config} folder beside the jar when there is one.
     * {@code log} null means the output goes to this process's console; {@code workDirectory}
     * holds Payara's runtime files.
     */
    public static PayaraMicro start(Path microJar, Path war, int port, Map<String, String> environment,
                                    Path workDirectory, Path log, List<String> extraOptions) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xss1m",
                "-Djava.io.tmpdir=" + workDirectory.resolve("tmp"),
                "-jar", microJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--rootdir", workDirectory.resolve("root").toString()));
        Path config = microJar.resolveSibling("payara-config");
        if (Files.isDirectory(config)) {
            command.addAll(List.of("--prebootcommandfile", config.resolve("pre-boot-commands.asadmin").toString(),
                    "--logproperties", config.resolve("logging.properties").toString()));
        }
        command.addAll(extraOptions);
        try {
            // A root folder left by an earlier run makes Payara deploy the WAR twice (the old copy, then
            // --deploy), and the second deployment can fail: every start begins from an empty one.
            deleteRecursively(workDirectory.resolve("root"));
            Files.createDirectories(workDirectory.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            if (log == null) {
                builder.inheritIO();
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            return new PayaraMicro(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Payara Micro", e);
        }
    }

    /** Waits until {@code /health/ready} answers UP; false when the process ended or time ran out. */
    public boolean awaitReady() {
        return awaitReady(READY_TIMEOUT);
    }

    /** As {@link #awaitReady()}, with a bound of the caller's: a loaded machine boots slower. */
    public boolean awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (ready()) {
                return true;
            }
            sleep(Duration.ofMillis(500));
        }
        return false;
    }

    /** One probe of {@code /health/ready}. */
    public boolean ready() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(baseUri().resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash would: for durability tests. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.notExists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
