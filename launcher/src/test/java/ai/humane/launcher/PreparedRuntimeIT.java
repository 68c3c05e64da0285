package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.CompilerPriority;
import ai.humane.local.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command run as a user starts it, twice on one home folder: the first start prepares the runtime
 * (a training boot on a port of its own, then the class archive) and serves from it; the second serves from
 * it at once. Each time the server maps the archive, and the application is deployed once.
 */
class PreparedRuntimeIT {

    private static final Duration READY = Duration.ofMinutes(5);
    private static final Pattern BOUND = Pattern.compile("bound to \\[/0\\.0\\.0\\.0:(\\d+)]");
    /** A file descriptor's link when it is a socket: {@code socket:[inode]}. */
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process launcher;
    private int compilerNiceWhileBooting;
    /** Every start's JVMs send their outbound HTTP here, so nothing they would send leaves loopback. */
    private OutboundTrap outbound;

    @BeforeEach
    void trapOutboundRequests() throws IOException {
        outbound = new OutboundTrap();
    }

    @AfterEach
    void stop() throws InterruptedException, IOException {
        stopLauncher();
        outbound.close();
    }

    @Test
    void theFirstStartPreparesTheRuntimeAndEveryStartServesFromIt() throws Exception {
        int port = LoopbackPorts.free();
        int database = LoopbackPorts.free();

        Path first = start(port, database, "first.log");
        compilerLoweredOnlyWhileBooting(first);
        String firstOutput = Files.readString(first);
        assertTrue(firstOutput.contains("Preparing the server runtime for this build"), firstOutput);
        Path prepared = onlyPreparedRuntime();
        assertTrue(Files.isRegularFile(prepared.resolve("prepared")));
        List<Integer> trainingPorts = boundPorts(Files.readString(prepared.resolve("prepare.log")));
        assertFalse(trainingPorts.isEmpty(), "the training boot's listener is not in its log");
        assertFalse(trainingPorts.contains(port), "the training boot listened on the instance's port " + port);
        // Named before Payara's boot and bound late in it: from below the range of outgoing connections' ports.
        assertTrue(trainingPorts.stream().allMatch(training -> training < LoopbackPorts.ephemeralStart()),
                "the training boot listened on " + trainingPorts + ", in the range of outgoing connections' ports");
        assertTrue(serverMaps(prepared.resolve("payara.jsa")), "the first start runs without the class archive");
        servesTheApplication(port);
        onlyTheApiListensBeyondLoopback(port);
        stopLauncher();

        Path second = start(port, database, "second.log");
        compilerLoweredOnlyWhileBooting(second);
        String secondOutput = Files.readString(second);
        assertFalse(secondOutput.contains("Preparing the server runtime"), "the runtime was prepared again");
        assertEquals(prepared, onlyPreparedRuntime());
        assertTrue(serverMaps(prepared.resolve("payara.jsa")), "the second start runs without the class archive");
        assertEquals(1, occurrences(secondOutput, "Loading application humane done"), "deployed more than once");
        servesTheApplication(port);
        stopLauncher();

        // The flight recorder hooks class loading; an archive holding a class it cannot hand to the hook crashes
        // this JDK 17 (decisions.md, 2026-12-04 and 2026-12-05): a start recording from its first moment serves.
        Path recordings = Files.createDirectories(home.resolve("recordings"));
        Path third = start(port, database, "third.log", "-XX:StartFlightRecording=filename=" + recordings + "/");
        assertTrue(serverMaps(prepared.resolve("payara.jsa")), "the recorded start runs without the class archive");
        servesTheApplication(port);
        assertFalse(Files.readString(third).contains("A fatal error has been detected"), "the server crashed");
        callsNoVendor();
    }

    /**
     * Neither the training boot nor any start sent a request beyond this machine: Payara's phone-home (a GET to
     * www.payara.fish at every start) and Hazelcast's (a post to phonehome.hazelcast.com) are both on by default
     * and both switched off (pre-boot-commands.asadmin, PayaraMicro.serverJvm). Both fire as the server starts; a
     * few seconds more let a late one arrive.
     */
    private void callsNoVendor() throws InterruptedException {
        Thread.sleep(3_000);
        assertEquals(List.of(), outbound.requests(), "requests the server sent beyond loopback");
    }

    private Path start(int port, int database, String logName) throws IOException, InterruptedException {
        return start(port, database, logName, "");
    }

    /**
     * The launcher's run, its JVMs and the server's with {@code javaOptions} (JAVA_TOOL_OPTIONS), every one of them
     * sending its outbound HTTP to the trap. No HZ_PHONE_HOME_ENABLED here: the launcher must switch it off itself.
     */
    private Path start(int port, int database, String logName, String javaOptions)
            throws IOException, InterruptedException {
        Path log = home.resolve(logName);
        ProcessBuilder builder = LauncherProcesses.command(home, log, "run");
        builder.environment().put("HUMANE_PORT", Integer.toString(port));
        builder.environment().put("HUMANE_DB_PORT", Integer.toString(database));
        builder.environment().remove("HZ_PHONE_HOME_ENABLED");
        builder.environment().put("JAVA_TOOL_OPTIONS", (outbound.javaOptions() + " " + javaOptions).strip());
        launcher = builder.start();
        compilerNiceWhileBooting = Integer.MIN_VALUE;
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline) && launcher.isAlive() && !ready(port)) {
            server().ifPresent(server -> compilerNiceWhileBooting = Math.max(compilerNiceWhileBooting, compilerNice(server.pid())));
            Thread.sleep(100);
        }
        assertTrue(ready(port), "not ready within " + READY + ":\n" + Files.readString(log));
        return log;
    }

    private void servesTheApplication(int port) throws IOException, InterruptedException {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/engines")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        HttpResponse<String> contract = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, contract.statusCode());
        assertTrue(contract.body().contains("\nopenapi: 3."), "not the contract");
    }

    /**
     * The server listens on every interface only on its HTTP port: the data grid (Hazelcast, unauthenticated) listens
     * on loopback alone, though --nocluster makes Payara Micro ignore --interfaces and Hazelcast binds every interface
     * by default (pre-boot-commands.asadmin, PayaraMicro.serverJvm).
     */
    private void onlyTheApiListensBeyondLoopback(int port) throws IOException {
        List<InetSocketAddress> listening = listening(server().orElseThrow().pid());
        assertTrue(listening.stream().anyMatch(socket -> socket.getPort() == port && socket.getAddress().isAnyLocalAddress()),
                "the API's port is not among the server's listening sockets " + listening);
        List<InetSocketAddress> others = listening.stream().filter(socket -> socket.getPort() != port).toList();
        assertFalse(others.isEmpty(), "the data grid's port is not among the server's listening sockets " + listening);
        for (InetSocketAddress socket : others) {
            assertTrue(socket.getAddress().isLoopbackAddress(), "the server listens beyond loopback on " + socket);
        }
    }

    /**
     * The TCP sockets process {@code pid} listens on, with their local addresses: the listening entries of
     * {@code /proc/PID/net/tcp} and {@code tcp6} whose inode is one of the process's file descriptors.
     */
    private static List<InetSocketAddress> listening(long pid) throws IOException {
        Path process = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    Matcher socket = SOCKET.matcher(Files.readSymbolicLink(descriptor).toString());
                    if (socket.matches()) {
                        inodes.add(socket.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between the listing and the read is not a listening socket
                }
            }
        }
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : Files.readAllLines(process.resolve("net").resolve(table)).stream().skip(1).toList()) {
                String[] fields = line.strip().split("\\s+");
                if ("0A".equals(fields[3]) && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    listening.add(new InetSocketAddress(InetAddress.getByAddress(procAddress(local[0])),
                            Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }

    /** An address as /proc/net writes it: hexadecimal, each 32-bit word in the host's (little-endian) order. */
    private static byte[] procAddress(String hex) {
        byte[] address = HexFormat.of().parseHex(hex);
        for (int word = 0; word < address.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swapped = address[word + i];
                address[word + i] = address[word + 3 - i];
                address[word + 3 - i] = swapped;
            }
        }
        return address;
    }

    private boolean ready(int port) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The server's compilers ran at the lowered priority while the server booted (where the launcher
     * may give it back: CompilerPriority), and run at the launcher's own once it said it is running.
     */
    private void compilerLoweredOnlyWhileBooting(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline) && !Files.readString(log).contains("Humane is running")) {
            Thread.sleep(100);
        }
        long server = server().orElseThrow().pid();
        int own = CompilerPriority.nice(ProcessHandle.current().pid(), ProcessHandle.current().pid()).orElseThrow();
        assertEquals(own, compilerNice(server), "the server's compiler after the boot");
        if (CompilerPriority.mayRaisePriorities()) {
            assertEquals(CompilerPriority.duringBoot(own), compilerNiceWhileBooting, "the server's compiler during the boot");
        }
    }

    /** The highest nice value among the compiler threads of JVM {@code pid}. */
    private static int compilerNice(long pid) {
        return CompilerPriority.compilerThreads(pid).stream().mapToInt(thread -> CompilerPriority.nice(pid, thread).orElse(0))
                .max().orElse(Integer.MIN_VALUE);
    }

    /** The launcher's Payara Micro processes (one once it runs; the training boot's while it prepares). */
    private List<ProcessHandle> servers() {
        return launcher.toHandle().children()
                .filter(child -> child.info().commandLine().orElse("").contains("launch-micro.jar")).toList();
    }

    private Optional<ProcessHandle> server() {
        return servers().stream().findFirst();
    }

    /** Whether the launcher's Payara Micro process has {@code archive} mapped into its memory. */
    private boolean serverMaps(Path archive) throws IOException {
        List<ProcessHandle> servers = servers();
        assertEquals(1, servers.size(), "the server process: " + launcher.toHandle().children().toList());
        return Files.readString(Path.of("/proc", Long.toString(servers.get(0).pid()), "maps"))
                .contains(archive.toString());
    }

    private Path onlyPreparedRuntime() throws IOException {
        try (Stream<Path> listed = Files.list(home.resolve("micro"))) {
            List<Path> prepared = listed.filter(p -> p.getFileName().toString().startsWith("prepared-")).toList();
            assertEquals(1, prepared.size(), prepared.toString());
            return prepared.get(0);
        }
    }

    private void stopLauncher() throws InterruptedException {
        LauncherProcesses.stop(launcher);
    }

    private static List<Integer> boundPorts(String log) {
        Matcher matcher = BOUND.matcher(log);
        return matcher.results().map(result -> Integer.parseInt(result.group(1))).toList();
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
