package ai.humane.status.control;

import ai.humane.outbound.control.OutboundClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The certificate of the public host ({@code PUBLIC_BASE_URL}): a TLS handshake through the guarded outbound
 * client (N1: the same guard, pinned addresses and limits as any fetch) and the days until the leaf's
 * {@code notAfter}. Under 14 days is degraded and mailed to the operators daily until it is renewed; expired,
 * untrusted, the wrong host name or no handshake at all is an outage. A new client per probe, so no kept-alive
 * connection hides a renewed certificate.
 */
public final class CertificateProbe implements Probe {

    /** Renewal is automatic (Caddy renews 30 days ahead): 14 days left means it has failed for two weeks. */
    public static final int WARNING_DAYS = 14;

    private final String url;
    private final Supplier<OutboundClient> clients;
    private final Clock clock;

    public CertificateProbe(String url, Supplier<OutboundClient> clients, Clock clock) {
        this.url = url;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public Check run() {
        try (OutboundClient client = clients.get()) {
            List<X509Certificate> chain = client.peerCertificates(url);
            Instant notAfter = chain.get(0).getNotAfter().toInstant();
            double days = Math.floor(Duration.between(clock.instant(), notAfter).toMinutes() / 144.0) / 10;
            String note = "expires " + notAfter;
            State state = days < 0 ? State.OUTAGE : days < WARNING_DAYS ? State.DEGRADED : State.OPERATIONAL;
            return new Check(Component.CERTIFICATE, state, days, note);
        } catch (IOException | RuntimeException e) {
            return Check.failed(Component.CERTIFICATE, "no trusted TLS handshake with the public host: " + e);
        }
    }
}
