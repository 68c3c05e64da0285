package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the edge (N3) and image (O4) promises in {@code docker/} without a Docker engine:
 * Caddy itself adapts the Caddyfile, so the checks read what Caddy would really run.
 */
class DockerFilesTest {

    private static final long CADDY_TIMEOUT_SECONDS = 60;
    private static final List<String> SECRETS = List.of("POSTGRES_PASSWORD", "DB_PASSWORD",
            "DB_MIGRATION_PASSWORD", "JWT_SIGNING_KEYS", "FERNET_KEYS", "HMAC_KEY", "SAML_SP_KEY", "SMTP_PASSWORD");
    // A secret's value may only be the environment's: ${NAME} or ${NAME:?message}, no default.
    private static final Pattern FROM_ENVIRONMENT = Pattern.compile("\\$\\{[A-Z0-9_]+(:\\?[^}]*)?}");
    private static final String PROXIED_PATHS = "\"path\":[\"/api/*\",\"/health/*\",\"/.well-known/*\",\"/openapi\",\"/status\",\"/status/*\","
            // The console (#12): web's ConsoleRoutesTest keeps these equal to ConsolePages.ROUTES.
            + "\"/\",\"/assets/*\",\"/sign-in\",\"/sign-in/*\",\"/sign-up\",\"/sign-up/*\",\"/verify-email\",\"/verify-email/*\","
            + "\"/forgot-password\",\"/forgot-password/*\",\"/reset-password\",\"/reset-password/*\",\"/accept-invitation\","
            + "\"/accept-invitation/*\",\"/webhooks\",\"/webhooks/*\",\"/monitor\",\"/monitor/*\",\"/api-keys\",\"/api-keys/*\","
            + "\"/team\",\"/team/*\",\"/sessions\",\"/sessions/*\",\"/audit\",\"/audit/*\",\"/engines\",\"/engines/*\","
            + "\"/end-users\",\"/end-users/*\",\"/account\",\"/account/*\",\"/sso\",\"/sso/*\",\"/second-factor\","
            + "\"/second-factor/*\",\"/plan\",\"/plan/*\",\"/privacy\",\"/privacy/*\",\"/unsubscribe\",\"/unsubscribe/*\"]";

    @TempDir
    static Path caddyHome;
    private static String adapted;

    @Test
    void caddyfileServesOnlyTls13() throws Exception {
        List<String> policies = tlsConnectionPolicies(adaptedCaddyfile());
        assertFalse(policies.isEmpty(), "no TLS connection policy in the adapted config");
        // Every policy counts, the catch-all one for clients without SNI included.
        for (String policy : policies) {
            assertTrue(policy.contains("\"protocol_min\":\"tls1.3\""), "TLS below 1.3 allowed: " + policy);
            assertTrue(policy.contains("\"protocol_max\":\"tls1.3\""), "no TLS maximum: " + policy);
        }
    }

    @Test
    void caddyfileSendsHstsWithPreloadAndNoServerHeader() throws Exception {
        String json = adaptedCaddyfile();
        assertTrue(json.contains(
                "\"Strict-Transport-Security\":[\"max-age=31536000; includeSubDomains; preload\"]"));
        assertTrue(json.contains("\"delete\":[\"Server\"]"), "the Server header is not removed");
    }

    /** Every answer, Caddy's own 404 included, forbids framing in both spellings, as the API's answers do. */
    @Test
    void caddyfileForbidsFramingInBothSpellings() throws Exception {
        String json = adaptedCaddyfile();
        assertTrue(json.contains("\"X-Frame-Options\":[\"DENY\"]"), "X-Frame-Options is not DENY");
        assertTrue(json.contains("\"require\":{\"headers\":{\"Content-Security-Policy\":null}},"
                + "\"set\":{\"Content-Security-Policy\":[\"default-src 'none'; frame-ancestors 'none'\"]}"),
                "answers without a CSP of their own get none with frame-ancestors 'none'");
    }

    /** Slow requests: 10 s for the head, 30 s for the whole request, 2 minutes idle (Go's server timeouts). */
    @Test
    void caddyfileBoundsSlowRequestsAndIdleConnections() throws Exception {
        String json = adaptedCaddyfile();
        assertTrue(json.contains("\"read_header_timeout\":10000000000"), "no 10 s deadline for the request head");
        assertTrue(json.contains("\"read_timeout\":30000000000"), "no 30 s deadline for the whole request");
        assertTrue(json.contains("\"idle_timeout\":120000000000"), "no 2 minute idle timeout");
    }

    @Test
    void caddyfileOffersHttp3() throws Exception {
        assertTrue(Pattern.compile("\"protocols\":\\[[^]]*\"h3\"").matcher(adaptedCaddyfile()).find());
    }

    @Test
    void caddyfileProxiesTheApiSurfaceToApiAndAnswers404Otherwise() throws Exception {
        String json = adaptedCaddyfile();
        assertTrue(json.contains("\"upstreams\":[{\"dial\":\"api-1:8080\"},{\"dial\":\"api-2:8080\"}]"),
                "the upstreams are not the two replicas");
        assertTrue(json.contains(PROXIED_PATHS), "proxied paths differ from api.md's public surface");
        assertTrue(json.contains("\"status_code\":404"), "other paths do not answer 404");
    }

    /**
     * A replica that is up but not ready (a refused boot: Payara alive, /health/ready DOWN) gets no API request:
     * Caddy asks each one's /health/ready itself. Only the status page, its JSON and health reach either replica,
     * so that they still answer when the database is down and every replica is unready.
     */
    @Test
    void caddyfileSendsTheApiOnlyToReadyReplicas() throws Exception {
        String json = adaptedCaddyfile();
        String active = "\"health_checks\":{\"active\":{\"expect_status\":2,\"interval\":5000000000,"
                + "\"timeout\":3000000000,\"uri\":\"/health/ready\"}";
        String observed = "\"match\":[{\"path\":[\"/status\",\"/status/*\",\"/api/v1/status\",\"/health/*\"]}]";
        int check = json.indexOf(active);
        int api = json.indexOf("\"match\":[{" + PROXIED_PATHS);
        assertTrue(check >= 0, "no active health check of /health/ready expecting 2xx every 5 s");
        assertTrue(check < api && !json.substring(check, api).contains("\"match\""),
                "the active health check is not on the API's route");
        int status = json.indexOf(observed);
        assertTrue(status >= 0 && status < api, "the status page and health are not routed first, or route more paths");
        assertEquals(1, json.split("\"active\":", -1).length - 1, "more than one route checks readiness");
    }

    @Test
    void caddyfileKeepsHttpRedirectedToHttps() throws Exception {
        // Any automatic_https setting could only weaken the default, which redirects HTTP.
        assertFalse(adaptedCaddyfile().contains("\"automatic_https\""));
    }

    @Test
    void composePublishesNoPortOfApiPostgresOrMigrate() throws IOException {
        String compose = read("compose.yaml");
        for (String service : List.of("api-1", "api-2", "postgres", "migrate")) {
            assertFalse(Pattern.compile("(?m)^\\s+ports:").matcher(serviceBlock(compose, service)).find(),
                    service + " publishes a port: only caddy may");
        }
    }

    @Test
    void composeRunsTwoApiReplicasThatFormOneGridOnAnInternalNetwork() throws IOException {
        String compose = read("compose.yaml");
        Matcher api = Pattern.compile("(?ms)^x-api: &api\\n(.*?)(?=^\\S)").matcher(compose);
        assertTrue(api.find(), "no x-api anchor");
        assertFalse(Pattern.compile("(?m)^\\s+ports:").matcher(api.group(1)).find(), "the replicas' template publishes a port");
        assertTrue(api.group(1).contains("\"--clustermode\", \"tcpip:172.30.20.11:6900,172.30.20.12:6900\""),
                "discovery is not TCP at the replicas' grid addresses");
        assertTrue(api.group(1).contains("\"--interfaces\", \"172.30.20.*\""), "the grid is not bound to its network");
        assertTrue(read("Dockerfile").matches("(?s).*\nENTRYPOINT \\[\"java\", [^\n]*\"-Dhazelcast\\.socket\\.bind\\.any=false\".*"),
                "the grid listens on every interface");
        assertTrue(read("Dockerfile").matches("(?s).*\nENTRYPOINT \\[\"java\", [^\n]*\\\n    \"-Djavax\\.net\\.ssl\\.trustStore="
                + "/opt/java/openjdk/lib/security/cacerts\".*"), "outbound TLS trusts Payara's own copy of the authorities");
        assertFalse(compose.contains("--nocluster"), "a replica runs with clustering off");
        for (String[] replica : new String[][] {{"api-1", "172.30.20.11"}, {"api-2", "172.30.20.12"}}) {
            String block = serviceBlock(compose, replica[0]);
            assertTrue(block.contains("<<: *api"), replica[0] + " is not the API");
            assertTrue(block.contains("ipv4_address: " + replica[1]), replica[0] + " is not at its grid address");
        }
        assertTrue(Pattern.compile("(?m)^  grid:\\n\\s+internal: true").matcher(compose).find(), "grid network is not internal");
        assertTrue(read("Dockerfile").contains("ENV HZ_PHONE_HOME_ENABLED=false"), "Hazelcast phones home");
    }

    /**
     * The replicas believe X-Forwarded-For from Caddy's own address only: the edge network's range holds its
     * gateway, the Docker host, whose processes reach the replicas directly, and through which Docker's userland
     * proxy brings IPv6 clients; trusting it let anyone on the host name any client address.
     */
    @Test
    void composeTrustsForwardedAddressesFromCaddyAlone() throws IOException {
        String compose = read("compose.yaml");
        Matcher trusted = Pattern.compile("(?m)^\\s+TRUSTED_PROXIES:\\s*(\\S+)\\s*$").matcher(compose);
        assertTrue(trusted.find(), "no TRUSTED_PROXIES");
        Matcher caddy = Pattern.compile("(?m)^\\s+ipv4_address:\\s*(\\S+)").matcher(serviceBlock(compose, "caddy"));
        assertTrue(caddy.find(), "caddy has no fixed address on the edge network");
        assertEquals(caddy.group(1), trusted.group(1), "TRUSTED_PROXIES is not exactly caddy's address");
        Matcher handedOut = Pattern.compile("(?m)^\\s+ip_range:\\s*172\\.30\\.10\\.0/25\\b").matcher(compose);
        assertTrue(handedOut.find() && Integer.parseInt(caddy.group(1).substring(caddy.group(1).lastIndexOf('.') + 1)) > 127,
                "caddy's address may be handed to another container first");
    }

    @Test
    void composeKeepsPostgresOnAnInternalNetworkOnly() throws IOException {
        String compose = read("compose.yaml");
        assertTrue(serviceBlock(compose, "postgres").contains("networks: [db]"), "postgres not on db only");
        assertTrue(Pattern.compile("(?m)^  db:\\n\\s+internal: true").matcher(compose).find(),
                "db network is not internal");
    }

    @Test
    void composeTakesEverySecretFromTheEnvironment() throws IOException {
        String compose = read("compose.yaml");
        for (String secret : SECRETS) {
            Matcher assignment = Pattern.compile("(?m)^\\s*-?\\s*" + secret + "\\s*[:=]\\s*(.*)$").matcher(compose);
            int found = 0;
            while (assignment.find()) {
                found++;
                String value = assignment.group(1).trim();
                assertTrue(FROM_ENVIRONMENT.matcher(value).matches(), secret + " has a literal value: " + value);
            }
            assertTrue(found > 0, secret + " is never passed to a service");
        }
    }

    @Test
    void theApiKeepsItsDailyLogFilesOnAVolume() throws IOException {
        String dockerfile = read("Dockerfile");
        assertTrue(dockerfile.contains("ENV LOG_DIR=/var/log/humane"), "LOG_DIR is not set in the image");
        assertTrue(dockerfile.contains("install -d -o 10001 -g 10001 -m 0750 /var/log/humane"), "the app user cannot write its logs");
        String compose = read("compose.yaml");
        assertTrue(serviceBlock(compose, "api-1").contains("- logs-1:/var/log/humane"), "api-1's log files are not on a volume");
        assertTrue(serviceBlock(compose, "api-2").contains("- logs-2:/var/log/humane"),
                "api-2's log files are not on a volume of its own");
    }

    @Test
    void theImageRunsTheWarAsTheTestsDoWithItsLibrariesOnTheServersClassPath() throws IOException {
        String dockerfile = read("Dockerfile");
        assertTrue(dockerfile.contains("cp web/target/humane-platform.war /out/humane.war"),
                "the image's WAR is not the platform WAR the tests run");
        assertTrue(dockerfile.contains("cp -r web/target/humane-libs /out/humane-libs")
                && dockerfile.contains("COPY --from=build /out/humane-libs/ /opt/humane/humane-libs/"),
                "the WAR's libraries are not in the image");
        assertTrue(dockerfile.contains("\"--addlibs\", \"/opt/humane/humane-libs\""),
                "the server does not put the WAR's libraries on its class path");
        // The same pre-boot commands as the local run and the tests: among them Payara's phone-home off and the
        // grid on loopback unless a replica names its network (PreparedRuntimeIT shows what they do).
        assertTrue(dockerfile.contains("COPY payara-config/ /opt/humane/payara-config/") && dockerfile.contains(
                        "\"--prebootcommandfile\", \"/opt/humane/payara-config/pre-boot-commands.asadmin\""),
                "the image's server runs without the repository's pre-boot commands");
    }

    @Test
    void dockerfileBuildsInStagesAndRunsAsNonRoot() throws IOException {
        List<String> lines = read("Dockerfile").lines().map(String::strip).toList();
        List<Integer> froms = indexesOf(lines, "(?i)FROM\\s.*");
        List<Integer> users = indexesOf(lines, "(?i)USER\\s.*");
        assertTrue(froms.size() >= 2, "not multi-stage");
        // Only the last stage becomes the image: its last USER is the one that runs.
        assertTrue(!users.isEmpty() && users.get(users.size() - 1) > froms.get(froms.size() - 1),
                "the runtime stage sets no USER");
        String user = lines.get(users.get(users.size() - 1)).substring(4).strip().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "runs as root");
    }

    @Test
    void dockerfileDownloadsNothingWithAddAndBakesInNoSecret() throws IOException {
        String dockerfile = read("Dockerfile");
        assertFalse(Pattern.compile("(?im)^\\s*ADD\\s+(--\\S+\\s+)*https?://").matcher(dockerfile).find(),
                "ADD from a URL bypasses the pinned, checked build");
        for (String secret : SECRETS) {
            assertFalse(Pattern.compile("(?im)^\\s*(ENV|ARG)\\s+" + secret + "\\b").matcher(dockerfile).find(),
                    secret + " is baked into the image");
        }
    }

    /**
     * Every image pulled names an exact release (a digest may follow): {@code caddy:2} or {@code postgres:16} take
     * whatever was pushed last under the tag, which no test ran. PostgreSQL numbers its releases major.minor.
     */
    @Test
    void everyImagePulledNamesAnExactVersion() throws IOException {
        List<String> images = new ArrayList<>();
        Matcher image = Pattern.compile("(?m)^\\s*image:\\s*(\\S+)\\s*$").matcher(read("compose.yaml"));
        while (image.find()) {
            images.add(image.group(1));
        }
        Matcher from = Pattern.compile("(?im)^FROM\\s+(?:--\\S+\\s+)*(\\S+)").matcher(read("Dockerfile"));
        while (from.find()) {
            images.add(from.group(1));
        }
        assertTrue(images.size() >= 4, "images found: " + images);
        Pattern exact = Pattern.compile("(postgres:[0-9]+\\.[0-9]+|[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9]+)([-_][A-Za-z0-9._-]+)?"
                + "(@sha256:[0-9a-f]{64})?");
        for (String name : images) {
            // Built by compose from docker/Dockerfile, whose own FROM lines are checked here.
            if (!name.equals("humane-api:local")) {
                assertTrue(exact.matcher(name).matches(), name + " names no exact version");
            }
        }
    }

    /** Every {@code docker compose} command in the documentation names services that compose.yaml has. */
    @Test
    void theDocumentedComposeCommandsNameExistingServices() throws IOException {
        Matcher service = Pattern.compile("(?ms)^services:\\n(.*?)(?=^\\S)").matcher(read("compose.yaml"));
        assertTrue(service.find(), "no services in compose.yaml");
        List<String> services = Pattern.compile("(?m)^  ([a-z][a-z0-9-]*):").matcher(service.group(1)).results()
                .map(found -> found.group(1)).toList();
        Path root = dockerDir().getParent();
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("docker/README.md"),
                root.resolve("ear/README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
        }
        Pattern command = Pattern.compile("docker compose ((?:--profile \\S+ )*)(run|exec|up|logs|restart|stop|start)\\b([^`#\\n]*)");
        // Options of run and exec that take a value: the value is not the service.
        List<String> valued = List.of("--entrypoint", "-e", "--env", "-u", "--user", "-w", "--workdir", "--name");
        int checked = 0;
        for (Path document : documents) {
            Matcher found = command.matcher(Files.readString(document));
            while (found.find()) {
                List<String> named = new ArrayList<>();
                String[] words = found.group(3).strip().split("\\s+");
                for (int i = 0; i < words.length && !words[i].isEmpty(); i++) {
                    if (valued.contains(words[i])) {
                        i++;
                    } else if (!words[i].startsWith("-")) {
                        named.add(words[i]);
                        if (!found.group(2).equals("up")) {
                            break; // what follows run's and exec's service is its command
                        }
                    }
                }
                for (String name : named) {
                    checked++;
                    assertTrue(services.contains(name), document.getFileName() + ": \"" + found.group().strip()
                            + "\" names " + name + ", which compose.yaml does not have " + services);
                }
            }
        }
        assertTrue(checked >= 3, "no documented compose command found");
    }

    private static synchronized String adaptedCaddyfile() throws IOException, InterruptedException {
        if (adapted == null) {
            adapted = runCaddyAdapt(dockerDir().resolve("Caddyfile"));
        }
        return adapted;
    }

    private static String runCaddyAdapt(Path caddyfile) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("caddy", "adapt", "--config", caddyfile.toString(),
                "--adapter", "caddyfile", "--validate")
                .redirectOutput(caddyHome.resolve("out.json").toFile())
                .redirectError(caddyHome.resolve("err.log").toFile());
        // A real host name, as in production; Caddy's storage kept out of the user's home.
        builder.environment().put("HUMANE_DOMAIN", "example.test");
        builder.environment().put("XDG_DATA_HOME", caddyHome.toString());
        builder.environment().put("XDG_CONFIG_HOME", caddyHome.toString());
        Process caddy;
        try {
            caddy = builder.start();
        } catch (IOException notOnPath) {
            return fail("caddy is not on PATH: install it (apt-get install -y caddy); "
                    + "the N3 edge checks must run, not be skipped", notOnPath);
        }
        if (!caddy.waitFor(CADDY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            caddy.destroyForcibly();
            fail("caddy adapt did not finish within " + CADDY_TIMEOUT_SECONDS + " s");
        }
        String errors = Files.readString(caddyHome.resolve("err.log"));
        assertEquals(0, caddy.exitValue(), () -> "caddy rejects the Caddyfile: " + errors);
        return Files.readString(caddyHome.resolve("out.json"));
    }

    /** The objects of every "tls_connection_policies" array, found by bracket depth. */
    private static List<String> tlsConnectionPolicies(String json) {
        List<String> policies = new ArrayList<>();
        String key = "\"tls_connection_policies\":[";
        for (int at = json.indexOf(key); at >= 0; at = json.indexOf(key, at + 1)) {
            int depth = 0;
            int start = -1;
            for (int i = at + key.length(); i < json.length() && depth >= 0; i++) {
                char c = json.charAt(i);
                if (c == '{' || c == '[') {
                    if (depth++ == 0) {
                        start = i;
                    }
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        policies.add(json.substring(start, i + 1));
                    }
                }
            }
        }
        return policies;
    }

    /** The lines of one service in compose.yaml: from "  name:" up to the next two-space key. */
    private static String serviceBlock(String compose, String service) {
        Matcher block = Pattern.compile("(?ms)^  " + service + ":\\n(.*?)(?=^  \\S|^\\S|\\z)").matcher(compose);
        assertTrue(block.find(), "no service " + service + " in compose.yaml");
        return block.group(1);
    }

    private static List<Integer> indexesOf(List<String> lines, String regex) {
        return IntStream.range(0, lines.size()).filter(i -> lines.get(i).matches(regex)).boxed().toList();
    }

    private static String read(String name) throws IOException {
        return Files.readString(dockerDir().resolve(name));
    }

    /** Maven runs tests in the module directory; IDEs often in the repository root. */
    private static Path dockerDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/Caddyfile"))) {
                return dir.resolve("docker");
            }
        }
        return fail("no docker/Caddyfile in the working directory or above it");
    }
}
