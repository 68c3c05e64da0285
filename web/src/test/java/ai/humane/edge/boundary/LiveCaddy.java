package ai.humane.edge.boundary;

import ai.humane.testing.MicroInstances;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real Caddy (Debian's) running {@code docker/Caddyfile} on loopback for the site {@code localhost}, with
 * its internal certificate authority. The file is used as written; the environment moves its ports and upstream
 * (the variables it reads, production's defaults otherwise), and the copy it runs from adds only what keeps a
 * test to itself: no admin endpoint, no change to the system's trust store, and every site bound to 127.0.0.1.
 */
final class LiveCaddy implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final Path home;
    final int httpPort;
    final int httpsPort;

    private LiveCaddy(Process process, Path home, int httpPort, int httpsPort) {
        this.process = process;
        this.home = home;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    static LiveCaddy inFrontOf(String upstream) throws IOException, InterruptedException {
        Path home = Files.createDirectories(Path.of("target", "caddy-" + UUID.randomUUID()));
        Path caddyfile = home.resolve("Caddyfile");
        Files.writeString(caddyfile, testCopy(Files.readString(repositoryFile("docker/Caddyfile"))));
        int http = MicroInstances.freePort();
        int https = MicroInstances.freePort();
        ProcessBuilder builder = new ProcessBuilder("caddy", "run", "--config", caddyfile.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(home.resolve("caddy.log").toFile());
        builder.environment().put("HUMANE_DOMAIN", "localhost");
        builder.environment().put("HUMANE_HTTP_PORT", Integer.toString(http));
        builder.environment().put("HUMANE_HTTPS_PORT", Integer.toString(https));
        builder.environment().put("HUMANE_UPSTREAM", upstream);
        builder.environment().put("XDG_DATA_HOME", home.resolve("data").toAbsolutePath().toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toAbsolutePath().toString());
        LiveCaddy caddy = new LiveCaddy(builder.start(), home, http, https);
        caddy.awaitCertificate();
        return caddy;
    }

    /** The real file plus three test-only settings; nothing of the sites is changed. */
    static String testCopy(String caddyfile) {
        List<String> lines = new ArrayList<>();
        boolean global = false;
        for (String line : caddyfile.split("\n", -1)) {
            lines.add(line);
            if (!global && line.equals("{")) {
                global = true;
                lines.add("\tadmin off");
                lines.add("\tskip_install_trust");
            } else if (line.endsWith(" {") && !line.startsWith("\t") && !line.startsWith("(") && !line.startsWith("#")) {
                lines.add("\tbind 127.0.0.1");
            }
        }
        return String.join("\n", lines);
    }

    /** TLS that trusts this Caddy's internal authority only. */
    SSLContext trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream root = Files.newInputStream(rootCertificate())) {
            store.setCertificateEntry("caddy-local", CertificateFactory.getInstance("X.509").generateCertificate(root));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    String log() {
        try {
            return Files.readString(home.resolve("caddy.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Path rootCertificate() {
        return home.resolve("data/caddy/pki/authorities/local/root.crt");
    }

    /** Caddy listens, and its authority has issued the site's certificate. */
    private void awaitCertificate() throws InterruptedException {
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (Files.exists(rootCertificate()) && listening(httpsPort) && listening(httpPort)
                    && Files.exists(home.resolve("data/caddy/certificates/local/localhost/localhost.crt"))) {
                return;
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("Caddy did not start within " + START + ":\n" + log());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path repositoryFile(String file) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        throw new UncheckedIOException(new IOException("no " + file + " here or above"));
    }
}
