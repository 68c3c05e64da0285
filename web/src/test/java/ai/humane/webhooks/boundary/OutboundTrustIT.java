package ai.humane.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.HttpTest;
import ai.humane.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The certificate authorities the server's outbound TLS trusts — for webhook receivers, identity providers, SAML
 * metadata and LLM providers (N3) — are the JDK's own list, not the copy Payara Micro carries in its jar, frozen at
 * its release and still holding roots browsers and the JDK dropped years ago (WoSign, StartCom, Camerfirma).
 * Payara Micro copies the store {@code javax.net.ssl.trustStore} names into its runtime folder and points the
 * property at the copy; without the option it writes its own there.
 */
class OutboundTrustIT extends HttpTest {

    @Test
    void theServerTrustsTheJdksAuthoritiesNotPayarasCopy() throws IOException {
        Path used = TestServer.log().resolveSibling("root").resolve("config").resolve("cacerts.p12");
        Path jdks = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        assertEquals(-1L, Files.mismatch(used, jdks), used + " is not a copy of " + jdks.toRealPath());
    }
}
