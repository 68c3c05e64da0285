package ai.humane.testing;

import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real parts behind the HTTP tests: one embedded PostgreSQL 16 per test JVM with a database for
 * the deployed application, handed to the Payara Micro that Arquillian starts (arquillian.xml reads
 * {@code humane.micro.options}). Registered before Arquillian's own extension.
 */
public class TestPlatform implements BeforeAllCallback {

    /** Ceiling of refused credentials per client address; tests from 127.0.0.1 stay well below it. */
    public static final int REFUSED_CREDENTIALS_PER_MINUTE = 100;

    /** LOG_DIR of the servers under test: the daily log files land here. */
    public static final java.nio.file.Path LOG_FOLDER = java.nio.file.Path.of("target", "it-logs");

    private static EmbeddedDatabase server;
    private static DatabaseSettings database;
    private static GreenMail smtp;

    @Override
    public void beforeAll(ExtensionContext context) {
        database();
    }

    public static synchronized DatabaseSettings database() {
        if (database == null) {
            database = server().database("it_" + UUID.randomUUID().toString().replace("-", ""));
            System.setProperty("humane.micro.options", String.join(" ",
                    "-Ddb.url=" + database.url(),
                    "-Ddb.user=" + database.appUser(),
                    "-Ddb.password=" + database.appPassword(),
                    "-Ddb.migration.user=" + database.ownerUser(),
                    "-Ddb.migration.password=" + database.ownerPassword(),
                    "-Dsmtp.host=127.0.0.1",
                    "-Dsmtp.port=" + smtp().getSmtp().getPort(),
                    "-Dsmtp.from=noreply@humane.test",
                    "-Dsmtp.starttls=false",
                    "-Djwt.signing.keys=" + signingKeys(),
                    "-Dfernet.keys=" + ai.humane.crypto.control.KeyRing.generateKey(),
                    "-Dhmac.key=" + hmacKey(),
                    "-Doutbound.allowlist=" + ai.humane.webhooks.boundary.WebhookReceiver.allowList(),
                    // A1: plan ceilings small enough to reach in a test, large enough for every other test's
                    // traffic per key; anonymous traffic is not limited by address outside the public endpoints.
                    "-Dratelimit.plan.free=300",
                    "-Dratelimit.plan.scale=600",
                    "-Dratelimit.anonymous=1000000",
                    "-Dratelimit.refused.credentials=" + REFUSED_CREDENTIALS_PER_MINUTE,
                    "-Dlog.dir=" + LOG_FOLDER.toAbsolutePath(),
                    "-Dtrusted.proxies=127.0.0.250"));
        }
        return database;
    }

    private static String signingKeys;

    /** The JWT_SIGNING_KEYS the deployed application signs access tokens with (S4). */
    public static synchronized String signingKeys() {
        if (signingKeys == null) {
            // it-2 signs; it-1 stays published as the previous key, as during a rotation.
            signingKeys = new ai.humane.sessions.control.SigningKeys(
                    ai.humane.sessions.control.SigningKeys.generate("it-1")).withNewKey("it-2");
        }
        return signingKeys;
    }

    private static String hmacKey;

    /** The HMAC_KEY the deployed application signs e-mail links with (K4): tests sign with it too. */
    public static synchronized String hmacKey() {
        if (hmacKey == null) {
            hmacKey = ai.humane.crypto.control.HmacKeys.generateKey();
        }
        return hmacKey;
    }

    /** The SMTP server the deployed application sends through, on loopback. */
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
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** The WAR Maven built, deployed at the site root as it is in production. */
    public static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("humane.war", "target/humane.war")))
                .as(WebArchive.class);
    }

    /** Sees every tenant's rows: for checking what the database holds, never for the code under test. */
    public static Connection superuser() throws SQLException {
        String url = database().url();
        return server().superuser(url.substring(url.lastIndexOf('/') + 1));
    }
}
