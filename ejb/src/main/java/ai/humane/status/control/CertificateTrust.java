package ai.humane.status.control;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What the certificate probe trusts: the JVM's trust store, like any browser would. The one exception is a
 * test host on {@code OUTBOUND_ALLOWLIST}, which production refuses to start with (N1): its test-made
 * certificate is read as presented, so the expiry logic can be proven on loopback.
 * <p>
 * Each call makes a new context, so each probe makes a full handshake: a context keeps a cache of TLS sessions,
 * and a resumed session presents no certificate, so the probe would go on reading the old one after a renewal.
 */
public final class CertificateTrust {

    private CertificateTrust() {
    }

    public static SSLContext forPublicHost(String baseUrl, boolean production, Collection<String> allowList) {
        try {
            if (!production && allowList.contains(hostAndPort(baseUrl))) {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {new ReadAsPresented()}, new SecureRandom());
                return tls;
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, null, null);
            return tls;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS could not be set up", e);
        }
    }

    static String hostAndPort(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Accepts the chain it is shown; the probe still reads its dates and the host name is still verified. */
    private static final class ReadAsPresented implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // a test host on the allow-list: nothing to check but what the probe reads
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
