package ai.humane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The identity provider of the SSO tests: a real Keycloak 26 (Maven unpacks {@code keycloak-quarkus-dist} into
 * target/), started once per test JVM on first use, in dev mode, bound to 127.0.0.1 only, with an in-memory
 * database and the realm of {@code src/test/resources/keycloak/humane-realm.json} imported at boot. Stopped by
 * its PID when the JVM ends. Its port is chosen when this class loads, before it starts, so that the shared
 * server's OUTBOUND_ALLOWLIST can name it ({@link TestPlatform#environment}) without booting it for every run.
 */
public final class Keycloak {

    public static final String REALM = "humane";
    /** Confidential OIDC client, PKCE S256 required: stands in for Google (only the issuer differs). */
    public static final String OIDC_CLIENT = "humane-oidc";
    public static final String OIDC_SECRET = "humane-oidc-secret";
    /** A second confidential OIDC client, for a tenant's own OIDC connection. */
    public static final String TENANT_OIDC_CLIENT = "humane-tenant-oidc";
    public static final String TENANT_OIDC_SECRET = "humane-tenant-oidc-secret";
    /** SAML client: its client id is the SP entity id; signs responses and assertions with RSA-SHA256. */
    public static final String SAML_SP_ENTITY_ID = "humane-saml-sp";
    /** Every test user's password. */
    public static final String PASSWORD = "Keycloak-test-password-1";
    /** Users of the realm: verified e-mails in acme.test (two), one unverified, one verified outside it. */
    public static final String ALICE = "alice@acme.test";
    public static final String BOB = "bob@acme.test";
    public static final String UNVERIFIED = "carol@acme.test";
    public static final String OUTSIDER = "dave@outside.test";
    /** The master realm's administrator, for tests that change the realm through Keycloak's admin API. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

    private static final int PORT = MicroInstances.freePort();
    private static final Duration READY_WITHIN = Duration.ofMinutes(8);
    private static final Path FOLDER = Path.of("target", "keycloak");

    private static Process process;
    private static IllegalStateException failed;
    private static Boot boot;

    /** How long the boot took and the process's resident memory once ready: reported, never asserted. */
    public record Boot(Duration took, long residentKilobytes, String java) {
    }

    private Keycloak() {
    }

    /** The OUTBOUND_ALLOWLIST entry of this Keycloak (the SSRF guard lets the shared server reach it, N1). */
    public static String allowList() {
        return "127.0.0.1:" + PORT;
    }

    /** The realm's issuer, {@code http://127.0.0.1:PORT/realms/humane}, booting Keycloak on first use. */
    public static URI issuer() {
        return base().resolve("realms/" + REALM);
    }

    /** The issuer as configuration names it, without booting Keycloak (the shared server's GOOGLE_ISSUER). */
    public static String issuerName() {
        return "http://127.0.0.1:" + PORT + "/realms/" + REALM;
    }

    /**
     * A new user of the realm with a unique address in {@code domain} and {@link #PASSWORD}, through Keycloak's
     * admin API: tests that need a person of their own, since an e-mail has one account in Humane.
     */
    public static String newUser(String domain, boolean emailVerified) {
        return KeycloakAdmin.createUser(base(), "kc-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain, emailVerified);
    }

    /** Runs {@code action} while the client standing in for Google signs consumer accounts in (no {@code hd} claim). */
    public static void asConsumerGoogleAccounts(Runnable action) {
        KeycloakAdmin.withoutHostedDomain(base(), OIDC_CLIENT, action);
    }

    /** The {@code sub} of the ID tokens Keycloak issues for the user with this e-mail. */
    public static String subjectOf(String email) {
        return KeycloakAdmin.userId(base(), email);
    }

    /** The realm's SAML IdP descriptor (entity id, SSO URL, signing certificate). */
    public static URI samlDescriptor() {
        return base().resolve("realms/" + REALM + "/protocol/saml/descriptor");
    }

    public static synchronized URI base() {
        if (failed != null) {
            throw failed;
        }
        if (process == null) {
            try {
                start();
            } catch (RuntimeException e) {
                failed = e instanceof IllegalStateException ise ? ise : new IllegalStateException(e);
                throw failed;
            }
        }
        return URI.create("http://127.0.0.1:" + PORT + "/");
    }

    public static synchronized Boot boot() {
        base();
        return boot;
    }

    private static void start() {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak-dist/missing"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak at " + home.toAbsolutePath()
                    + ": Maven's pre-integration-test phase unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        Path java = JavaHomes.atLeast(21);
        try {
            Files.createDirectories(FOLDER);
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(Path.of(System.getProperty("keycloak.realm")), imports.resolve("humane-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path log = FOLDER.resolve("keycloak.log");
            Instant began = Instant.now();
            ProcessBuilder builder = new ProcessBuilder(command(home)).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", java.toString());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(Keycloak::stop, "keycloak-stop"));
            if (!awaitReady()) {
                stop();
                throw new IllegalStateException("Keycloak never became ready on " + allowList() + "; its log: " + log.toAbsolutePath());
            }
            boot = new Boot(Duration.between(began, Instant.now()), residentKilobytes(process.pid()), java.toString());
            Files.writeString(FOLDER.resolve("boot.txt"), "Keycloak ready in " + boot.took().toMillis() + " ms, RSS "
                    + boot.residentKilobytes() + " kB, Java " + java + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Dev mode on loopback only: an in-memory database (nothing outlives the run), the local cache (no cluster
     * discovery), the bundled themes; health and metrics stay off, so no management port opens either.
     */
    private static List<String> command(Path home) {
        return new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + PORT, "--db=dev-mem", "--cache=local",
                "--import-realm", "--hostname-strict=false", "--health-enabled=false", "--metrics-enabled=false"));
    }

    private static boolean awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create("http://127.0.0.1:" + PORT + "/realms/" + REALM + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(Duration.ofMillis(500));
        }
        return false;
    }

    /** SIGTERM to the process this class started (kc.sh hands it to its Java child), SIGKILL after 30 s. */
    private static synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long residentKilobytes(long pid) {
        // kc.sh runs Java as its child: the memory that counts is the whole tree's.
        long total = 0;
        List<ProcessHandle> tree = new ArrayList<>(ProcessHandle.of(pid).stream().toList());
        tree.addAll(ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of()));
        for (ProcessHandle handle : tree) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
