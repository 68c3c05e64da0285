package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.PublicUrlGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The certificate probe (O2) against a real TLS server on loopback with a certificate made here: the days left
 * are read from the handshake through the guarded client, under 14 is degraded, a renewal is seen at the next
 * probe, and an untrusted certificate or a host the guard refuses is an outage.
 */
class CertificateProbeTest {

    private static final OutboundLimits LIMITS = OutboundLimits.production().withDeadline(Duration.ofSeconds(10));

    @Test
    void tenDaysLeftIsDegradedAndTheNextProbeSeesARenewalToNinety() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(Duration.ofDays(10))) {
            PublicUrlGuard guard = new PublicUrlGuard(HostResolver.dns(), List.of(server.allowListEntry()), false);
            // As the application builds it: a new client and TLS context for every probe.
            CertificateProbe probe = new CertificateProbe(server.url(), () -> new OutboundClient(guard, LIMITS,
                    CertificateTrust.forPublicHost(server.url(), false, List.of(server.allowListEntry()))), Clock.systemUTC());
            Check expiring = probe.run();
            assertEquals(State.DEGRADED, expiring.state(), expiring.note());
            assertTrue(expiring.figure() >= 9.9 && expiring.figure() <= 10, "days left: " + expiring.figure());

            server.renew(Duration.ofDays(90));
            Check renewed = probe.run();
            assertEquals(State.OPERATIONAL, renewed.state(), "a resumed TLS session would still show the old one: "
                    + renewed.figure());
            assertTrue(renewed.figure() >= 89.9 && renewed.figure() <= 90, "days left: " + renewed.figure());
            assertEquals(State.OPERATIONAL, probe(server, server.trustingIt(), List.of(server.allowListEntry())).run().state(),
                    "trusted as a browser that knows its authority would");
        }
    }

    @Test
    void anExpiredCertificateIsAnOutage() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(Duration.ofDays(-2))) {
            SSLContext asPresented = CertificateTrust.forPublicHost(server.url(), false, List.of(server.allowListEntry()));
            Check expired = probe(server, asPresented, List.of(server.allowListEntry())).run();
            assertEquals(State.OUTAGE, expired.state(), expired.note());
            assertTrue(expired.figure() < -1.9, "days left: " + expired.figure());
            Check rejected = probe(server, server.trustingIt(), List.of(server.allowListEntry())).run();
            assertEquals(State.OUTAGE, rejected.state(), "a validating client refuses it outright");
        }
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedIsAnOutage() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(Duration.ofDays(90))) {
            Check untrusted = probe(server, SSLContext.getDefault(), List.of(server.allowListEntry())).run();
            assertEquals(State.OUTAGE, untrusted.state());
            assertNull(untrusted.figure());
            assertEquals(0, server.requests(), "no request went over an untrusted connection");
        }
    }

    @Test
    void theGuardDecidesWhereTheProbeMayConnect() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(Duration.ofDays(90))) {
            Check refused = probe(server, server.trustingIt(), List.of()).run();
            assertEquals(State.OUTAGE, refused.state());
            assertTrue(refused.note().contains("non-public") || refused.note().contains("loopback")
                    || refused.note().contains("host is"), refused.note());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void onAnAllowListedTestHostOutsideProductionTheCertificateIsReadAsPresented() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(Duration.ofDays(10))) {
            SSLContext tls = CertificateTrust.forPublicHost(server.url(), false, List.of(server.allowListEntry()));
            assertEquals(State.DEGRADED, probe(server, tls, List.of(server.allowListEntry())).run().state());
            SSLContext production = CertificateTrust.forPublicHost(server.url(), true, List.of(server.allowListEntry()));
            assertEquals(State.OUTAGE, probe(server, production, List.of(server.allowListEntry())).run().state(),
                    "production trusts the JVM's authorities only");
        }
    }

    private static CertificateProbe probe(LoopbackTlsServer server, SSLContext tls, List<String> allowList) {
        PublicUrlGuard guard = new PublicUrlGuard(HostResolver.dns(), allowList, false);
        return new CertificateProbe(server.url(), () -> new OutboundClient(guard, LIMITS, tls), Clock.systemUTC());
    }
}
