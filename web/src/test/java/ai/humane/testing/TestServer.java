package ai.humane.testing;

import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.local.PayaraMicro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one Payara Micro that every HTTP test class of a test run talks to: the WAR Maven built, at the site
 * root, on the run's database and SMTP server, booted on first use and stopped when the test JVM ends.
 * Tests stay independent because each creates its own tenants. Only a test that needs a configuration no
 * other test can share (boot refusals, several instances) starts Payara Micro itself ({@link MicroInstances}).
 */
public final class TestServer {

    private static final Path FOLDER = Path.of("target", "it-server");

    /** Ten minutes: on this 2-core machine a boot beside other builds has been seen to take over four. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(10);

    private static PayaraMicro micro;
    private static IllegalStateException failed;

    private TestServer() {
    }

    /** The base URL of the shared server, booting it when this is the first call of the run. */
    public static synchronized URL url() {
        if (failed != null) {
            throw failed; // one failed boot fails every test class quickly; a second boot would only race it
        }
        if (micro == null) {
            try {
                micro = boot();
            } catch (RuntimeException e) {
                failed = e instanceof IllegalStateException ise ? ise : new IllegalStateException(e);
                throw failed;
            }
        }
        try {
            return micro.baseUri().resolve("/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the shared server wrote to standard output, for tests of what it logs. */
    public static Path log() {
        url();
        return FOLDER.resolve("micro.log");
    }

    /** What the shared server wrote to standard output from byte {@code from} on ({@code Files.size(log())} earlier). */
    public static String logSince(long from) {
        try (SeekableByteChannel log = Files.newByteChannel(log())) {
            log.position(from);
            return new String(Channels.newInputStream(log).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PayaraMicro boot() {
        Path log = FOLDER.resolve("micro.log");
        try {
            Files.createDirectories(FOLDER);
            Files.deleteIfExists(log);
            Files.createFile(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PayaraMicro started = PayaraMicro.start(Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("humane.war")), MicroInstances.freePort(),
                TestPlatform.sharedServerEnvironment(), FOLDER, log, List.of("--nocluster",
                        "--prebootcommandfile", TestPlatform.payaraConfig("pre-boot-commands.asadmin"),
                        "--logproperties", TestPlatform.payaraConfig("logging.properties")));
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "humane-test-server-stop"));
        if (!started.awaitReady(READY_WITHIN)) {
            started.stop();
            throw new IllegalStateException("The shared Payara Micro never became ready; its log: " + log.toAbsolutePath());
        }
        knownSignUpAddress();
        return started;
    }

    /**
     * Loopback, where every test's requests come from, counts as an address that signed up before (S7), as the tests
     * expect of any sign-up but SignUpIT's, which forgets it first. Else the run's first sign-up needed its e-mail
     * verified before any write, and which test class made it depended on the order the classes ran in (SessionsIT
     * alone: 403 email-verification-required on its first sign-up's first write).
     */
    private static void knownSignUpAddress() {
        Rows.execute("INSERT INTO signup_addresses (address) VALUES (?) ON CONFLICT DO NOTHING",
                Pseudonyms.of(PseudonymKeys.SIGNUP_ADDRESSES, "127.0.0.1"));
    }
}
