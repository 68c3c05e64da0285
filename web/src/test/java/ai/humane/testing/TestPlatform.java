package ai.humane.testing;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.saml.boundary.IdpMetadataFiles;
import ai.humane.sessions.control.SigningKeys;
import ai.humane.webhooks.boundary.WebhookReceiver;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real parts behind the HTTP tests, one of each per test JVM: an embedded PostgreSQL 16 with a
 * database for the shared server ({@link TestServer}), an SMTP server on loopback, and the keys the
 * deployed application is given, so that tests can sign and verify with them too.
 */
public final class TestPlatform {

    /** Ceiling of refused credentials per client address; tests from 127.0.0.1 stay well below it. */
    public static final int REFUSED_CREDENTIALS_PER_MINUTE = 100;
    /** SSO callbacks a minute per client address: the tests' own sign-ins come from 127.0.0.1, far fewer. */
    public static final int SSO_CALLBACKS_PER_MINUTE = 600;
    /**
     * Test events a minute to one receiver, counted across tenants (A3): every test's endpoints are on the one shared
     * {@code WebhookReceiver} server, so its budget is the suite's, and this keeps it out of the way of every test but
     * the one that spends it on a receiver of its own ({@code SendThrottleIT}).
     */
    public static final int TEST_EVENTS_PER_RECEIVER_PER_MINUTE = 40;
    /** Deliveries in flight to one webhook endpoint on the shared server (WEBHOOKS_ENDPOINT_CONCURRENCY). */
    public static final int WEBHOOK_ENDPOINT_CONCURRENCY = 3;
    /** Lanes one tenant runs at once on the shared server, all its endpoints together (WEBHOOKS_TENANT_CONCURRENCY). */
    public static final int WEBHOOK_TENANT_CONCURRENCY = 6;

    /** METRICS_TOKEN of the shared server: what an operator's scraper presents for /metrics. */
    public static final String METRICS_TOKEN = "it-metrics-" + UUID.randomUUID();

    /** LOG_DIR of the shared server: the daily log files land here. */
    public static final Path LOG_FOLDER = Path.of("target", "it-logs");

    private static EmbeddedDatabase server;
    private static DatabaseSettings database;
    private static GreenMail smtp;
    private static String signingKeys;
    private static String fernetKeys;
    private static String hmacKey;

    private TestPlatform() {
    }

    /** The database of the shared server. */
    public static synchronized DatabaseSettings database() {
        if (database == null) {
            database = server().database("it_" + UUID.randomUUID().toString().replace("-", ""));
        }
        return database;
    }

    /**
     * The environment of a development instance on {@code db} with this run's keys: what every Payara Micro
     * of the tests is given. The shared server adds its mail, rate-limit and log settings.
     */
    public static Map<String, String> environment(DatabaseSettings db) {
        Map<String, String> env = new HashMap<>(db.environment());
        env.put("APP_ENV", "development");
        env.put("JWT_SIGNING_KEYS", signingKeys());
        env.put("FERNET_KEYS", fernetKeys());
        env.put("HMAC_KEY", hmacKey());
        // S6: the SAML service provider signs its AuthnRequests with a test key (Keycloak checks them).
        env.put("SAML_SP_KEY", IdpMetadataFiles.resource("sp-key.pem"));
        env.put("SAML_SP_CERTIFICATE", IdpMetadataFiles.resource("sp-cert.pem"));
        // Keycloak only reserves its port here; it boots when an SSO test first needs it.
        env.put("OUTBOUND_ALLOWLIST", WebhookReceiver.allowList() + "," + FakeProvider.allowList() + "," + Keycloak.allowList()
                + "," + IdpMetadataFiles.allowList());
        // Both phone-homes (Payara's, Hazelcast's) are off in every server the tests start: the pre-boot commands
        // and PayaraMicro.serverJvm, which PreparedRuntimeIT holds to an empty outbound trap.
        return env;
    }

    /** The shared server's environment: {@link #environment} plus SMTP, rate ceilings, log folder, proxy, metrics. */
    static Map<String, String> sharedServerEnvironment() {
        Map<String, String> env = environment(database());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp().getSmtp().getPort()));
        env.put("SMTP_FROM", "noreply@humane.test");
        env.put("SMTP_STARTTLS", "false");
        // A1: plan ceilings small enough to reach in a test, large enough for every other test's traffic per
        // key; anonymous traffic is not limited by address outside the public endpoints.
        env.put("RATELIMIT_PLAN_FREE", "300");
        env.put("RATELIMIT_PLAN_SCALE", "600");
        env.put("RATELIMIT_ANONYMOUS", "1000000");
        env.put("RATELIMIT_REFUSED_CREDENTIALS", Integer.toString(REFUSED_CREDENTIALS_PER_MINUTE));
        env.put("RATELIMIT_SSO_CALLBACKS", Integer.toString(SSO_CALLBACKS_PER_MINUTE));
        env.put("WEBHOOKS_TEST_PER_RECEIVER_PER_MINUTE", Integer.toString(TEST_EVENTS_PER_RECEIVER_PER_MINUTE));
        // W4: not the default (2), so that WebhooksIT proves the setting is read.
        env.put("WEBHOOKS_ENDPOINT_CONCURRENCY", Integer.toString(WEBHOOK_ENDPOINT_CONCURRENCY));
        env.put("WEBHOOKS_TENANT_CONCURRENCY", Integer.toString(WEBHOOK_TENANT_CONCURRENCY));
        env.put("LOG_DIR", LOG_FOLDER.toAbsolutePath().toString());
        env.put("TRUSTED_PROXIES", "127.0.0.250");
        env.put("METRICS_TOKEN", METRICS_TOKEN);
        // S5: Google sign-in against the test Keycloak; only the issuer differs from production.
        env.put("GOOGLE_CLIENT_ID", Keycloak.OIDC_CLIENT);
        env.put("GOOGLE_CLIENT_SECRET", Keycloak.OIDC_SECRET);
        env.put("GOOGLE_ISSUER", Keycloak.issuerName());
        env.put("SSO_DNS_FILE", TestDns.FILE.toString());
        // LLM engines: the 30 s deadline, retries and the breaker proven in seconds (the code caps the deadline at 30 s).
        env.put("LLM_DEADLINE_SECONDS", Integer.toString(FakeProvider.DEADLINE_SECONDS));
        env.put("LLM_ATTEMPTS", "3");
        env.put("LLM_RETRY_BASE_MILLIS", "200");
        env.put("LLM_BREAKER_OPEN_SECONDS", "600");
        // O2: the status page is re-read every 2 s, so an incident opened by a test shows within a few seconds.
        env.put("STATUS_CACHE_SECONDS", "2");
        // The billing provider's signing secrets: the second stands for the previous one during a rotation.
        env.put("BILLING_WEBHOOK_SECRETS", BILLING_WEBHOOK_SECRET + ",whsec_previous_billing_secret_of_the_tests");
        return env;
    }

    /** What the tests sign billing provider events with. */
    public static final String BILLING_WEBHOOK_SECRET = "whsec_billing_secret_of_the_tests_" + UUID.randomUUID();

    /** The JWT_SIGNING_KEYS the deployed application signs access tokens with (S4). */
    public static synchronized String signingKeys() {
        if (signingKeys == null) {
            // it-2 signs; it-1 stays published as the previous key, as during a rotation.
            signingKeys = new SigningKeys(SigningKeys.generate("it-1")).withNewKey("it-2");
        }
        return signingKeys;
    }

    /** The FERNET_KEYS of every instance of this run (K3): instances on one database must share them. */
    public static synchronized String fernetKeys() {
        if (fernetKeys == null) {
            fernetKeys = KeyRing.generateKey();
        }
        return fernetKeys;
    }

    /** The HMAC_KEY the deployed application signs e-mail links with (K4): tests sign with it too. */
    public static synchronized String hmacKey() {
        if (hmacKey == null) {
            hmacKey = HmacKeys.generateKey();
        }
        return hmacKey;
    }

    /** The SMTP server the shared server sends through, on loopback. */
    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        }
        return smtp;
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            server = EmbeddedDatabase.start(Path.of(System.getProperty("humane.it.folder", "target/it"), "postgres-" + UUID.randomUUID()), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::discard));
        }
        return server;
    }

    /** A file of the repository's {@code payara-config} folder. */
    public static String payaraConfig(String file) {
        return Path.of(System.getProperty("humane.payara.config"), file).toString();
    }

    /** Sees every tenant's rows: for checking what the database holds, never for the code under test. */
    public static Connection superuser() throws SQLException {
        return superuser(database());
    }

    /** The same for another database of the embedded server (a cluster's, a restored copy). */
    public static Connection superuser(DatabaseSettings db) throws SQLException {
        return server().superuser(db);
    }
}
