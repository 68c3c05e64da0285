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

    /** The folder beside a WAR that holds its libraries, when they are not in its {@code WEB-INF/lib}. */
    public static final String LIBRARIES = "humane-libs";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    /** The root folder this start had Payara unpack into, deleted when it stops; null for a prepared runtime's. */
    private final Path unpacked;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PayaraMicro(Process process, int port, Path unpacked) {
        this.process = process;
        this.port = port;
        this.unpacked = unpacked;
    }

    /**
     * Starts Payara Micro, with the {@code payara-config} folder beside the jar when there is one and the
     * WAR's libraries from the {@value #LIBRARIES} folder beside it when there is one.
     * {@code log} null means the output goes to this process's console; {@code workDirectory}
     * holds Payara's runtime files.
     */
    public static PayaraMicro start(Path microJar, Path war, int port, Map<String, String> environment,
                                    Path workDirectory, Path log, List<String> extraOptions) {
        Path root = workDirectory.resolve("root");
        List<String> command = serverJvm(workDirectory.resolve("tmp"));
        command.addAll(List.of("-jar", microJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--rootdir", root.toString()));
        command.addAll(configOptions(microJar));
        command.addAll(libraryOptions(war));
        command.addAll(extraOptions);
        try {
            // A root folder left by an earlier run makes Payara deploy the WAR twice (the old copy, then
            // --deploy), and the second deployment can fail: every start begins from an empty one.
            Folders.deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Payara Micro", e);
        }
        return launch(command, port, environment, workDirectory, log, root);
    }

    /**
     * Starts Payara Micro from a runtime prepared by {@link PreparedRuntime#prepare}: its root folder, which
     * holds the deployed WAR, and its class-data archive. Options as for {@link #start}.
     */
    public static PayaraMicro start(PreparedRuntime runtime, int port, Map<String, String> environment,
                                    Path workDirectory, Path log, List<String> extraOptions) {
        List<String> command = serverJvm(workDirectory.resolve("tmp"), "-XX:SharedArchiveFile=" + runtime.archive());
        command.addAll(List.of("-jar", runtime.launcherJar().toString(), "--port", Integer.toString(port)));
        command.addAll(configOptions(runtime.microJar()));
        command.addAll(extraOptions);
        return launch(command, port, environment, workDirectory, log, null);
    }

    /**
     * The server's JVM and its options (every start of Payara Micro, the training boot's too), to add to. Hazelcast
     * binds its grid port to the interface it is given only without {@code hazelcast.socket.bind.any}, which is on
     * by default (every interface): with it off, the grid listens where {@code pre-boot-commands.asadmin} (loopback)
     * or {@code --interfaces} says. Hazelcast's phone-home, on by default, would post the grid's version, size and
     * uptime to phonehome.hazelcast.com at the member's start and daily after. Outbound TLS trusts {@link
     * #trustStoreOptions() the JDK's certificate authorities}.
     */
    static List<String> serverJvm(Path temporaryFolder, String... options) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xss1m", "-Dhazelcast.socket.bind.any=false",
                "-Dhazelcast.phone.home.enabled=false"));
        command.addAll(trustStoreOptions());
        command.addAll(List.of(options));
        command.add("-Djava.io.tmpdir=" + temporaryFolder);
        return command;
    }

    /** The pre-boot commands and log properties of the {@code payara-config} folder beside the jar, if any. */
    static List<String> configOptions(Path microJar) {
        Path config = microJar.resolveSibling("payara-config");
        if (!Files.isDirectory(config)) {
            return List.of();
        }
        return List.of("--prebootcommandfile", config.resolve("pre-boot-commands.asadmin").toString(),
                "--logproperties", config.resolve("logging.properties").toString());
    }

    /**
     * The WAR's libraries, when they sit beside it in {@value #LIBRARIES} instead of in its {@code WEB-INF/lib}:
     * on the server's class path, Payara does not build a class model of their 22,000 classes at every
     * deployment (bench/boot/REPORT.md).
     */
    static List<String> libraryOptions(Path war) {
        Path libraries = war.resolveSibling(LIBRARIES);
        return Files.isDirectory(libraries) ? List.of("--addlibs", libraries.toString()) : List.of();
    }

    private static PayaraMicro launch(List<String> command, int port, Map<String, String> environment,
                                      Path workDirectory, Path log, Path unpacked) {
        try {
            Files.createDirectories(workDirectory.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            if (log == null) {
                builder.inheritIO();
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            return new PayaraMicro(builder.start(), port, unpacked);
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

    /**
     * Ends the server and deletes the root folder it unpacked into (some 100 MB: Payara's modules, the WAR), which
     * the next start from the same work folder would delete anyway; its log stays. A test run starts a dozen
     * servers, and their roots were kept until the next {@code clean}.
     */
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
        if (unpacked != null && !process.isAlive()) {
            try {
                Folders.deleteTree(unpacked);
            } catch (IOException e) {
                // Scratch space: left for the next start from this folder, which begins by deleting it.
            }
        }
    }

    /** SIGKILL, as a crash would: for durability tests. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * The certificate authorities the server's outbound TLS trusts (webhook receivers, identity providers, metadata,
     * LLM providers): the JDK's own list ({@code lib/security/cacerts}, updated with the JDK, on Debian the system's),
     * or the store this JVM was told to use (its password and type, if not the JDK's defaults, through
     * {@code JAVA_TOOL_OPTIONS}, which the server's JVM inherits). Without the option Payara Micro trusts the copy in
     * its own jar, frozen at its release: 6.2025.10's holds 165 roots, 56 of them not in the JDK's list on this
     * machine (144), among them WoSign's, StartCom's, Certinomis's and Camerfirma's, which browsers stopped trusting
     * from 2016 to 2021 for misissuance. Payara copies the store named here into its runtime folder and uses the copy.
     */
    static List<String> trustStoreOptions() {
        String chosen = System.getProperty("javax.net.ssl.trustStore");
        return List.of("-Djavax.net.ssl.trustStore=" + (chosen != null ? chosen
                : Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString()));
    }

    static String javaExecutable() {
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
