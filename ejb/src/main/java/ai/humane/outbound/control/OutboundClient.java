package ai.humane.outbound.control;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client for user-supplied URLs (N1, N2). Every URL, and every redirect hop, passes the
 * {@link PublicUrlGuard} first; the connection goes only to the addresses the guard checked (see
 * {@link PinnedDnsResolver}); connect, read, the whole exchange and body size are limited by
 * {@link OutboundLimits}. No proxy,
 * cookies, authentication cache, automatic retries or decompression: each would act on a response in ways
 * the guard and the limits do not see. Thread-safe; one connection pool; close it with the application.
 */
public final class OutboundClient implements Closeable {

    private static final String USER_AGENT = "Humane-Outbound/1";

    private final PublicUrlGuard guard;
    private final OutboundLimits limits;
    private final PinnedDnsResolver dns;
    private final CloseableHttpClient http;
    private final ExchangeDeadlines deadlines = new ExchangeDeadlines();

    /** Production limits: connect 5 s, read 30 s, the whole exchange 30 s, 10 MiB, no redirects. */
    public OutboundClient(PublicUrlGuard guard) {
        this(guard, OutboundLimits.production());
    }

    public OutboundClient(PublicUrlGuard guard, OutboundLimits limits) {
        this(guard, limits, new PinnedDnsResolver(), null);
    }

    /**
     * A client whose TLS trusts what {@code tls} trusts, for the status probe that reads the certificate of
     * the public host (O2); host names are verified as always.
     */
    public OutboundClient(PublicUrlGuard guard, OutboundLimits limits, SSLContext tls) {
        this(guard, limits, new PinnedDnsResolver(), Objects.requireNonNull(tls, "tls"));
    }

    OutboundClient(PublicUrlGuard guard, OutboundLimits limits, PinnedDnsResolver dns) {
        this(guard, limits, dns, null);
    }

    private OutboundClient(PublicUrlGuard guard, OutboundLimits limits, PinnedDnsResolver dns, SSLContext tls) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.http = HttpClients.custom()
                .setConnectionManager(pool(dns, limits, tls))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(limits.readTimeout()))
                        .setConnectionRequestTimeout(timeout(limits.connectTimeout()))
                        .setRedirectsEnabled(false).setAuthenticationEnabled(false)
                        .setContentCompressionEnabled(false).setProtocolUpgradeEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().disableContentCompression().setUserAgent(USER_AGENT)
                .build();
    }

    /**
     * @throws UrlNotAllowed     when the URL, or a redirect it leads to, is refused by the guard
     * @throws ResponseTooLarge  when the body exceeds the limit
     * @throws OutboundTimeout   when connecting, reading or the whole exchange takes too long
     * @throws IOException       for any other network failure
     */
    public OutboundResponse post(String url, Map<String, String> headers, byte[] body) throws IOException {
        return send(url, new OutboundRequest("POST", headers, Objects.requireNonNull(body, "body")));
    }

    /** Like {@link #post}, without a body. */
    public OutboundResponse get(String url, Map<String, String> headers) throws IOException {
        return send(url, new OutboundRequest("GET", headers, null));
    }

    /**
     * The certificates an https URL's server presented to a GET through the guard, the pinned addresses and
     * the limits, leaf first; the answer's status does not matter. A kept-alive connection answers with the
     * session it was made with: close the client to see a renewed certificate.
     *
     * @throws UrlNotAllowed when the guard refuses the URL
     * @throws IOException   when no TLS session came about (refused, untrusted, wrong host name, timeout)
     */
    public List<X509Certificate> peerCertificates(String url) throws IOException {
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        Decision decision = checked(url, deadline);
        if (!"https".equals(decision.uri().getScheme())) {
            throw new IOException("not an https URL");
        }
        HttpClientContext context = HttpClientContext.create();
        exchange(decision, new OutboundRequest("GET", Map.of(), null), context, deadline);
        SSLSession session = context.getSSLSession();
        if (session == null) {
            throw new SSLPeerUnverifiedException("no TLS session");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : session.getPeerCertificates()) {
            chain.add((X509Certificate) certificate);
        }
        return chain;
    }

    @Override
    public void close() throws IOException {
        deadlines.close();
        http.close();
    }

    private OutboundResponse send(String url, OutboundRequest first) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limits.deadline().toNanos();
        Decision decision = checked(url, deadline);
        OutboundRequest request = first;
        for (int hop = 0;; hop++) {
            Received received = exchange(decision, request, HttpClientContext.create(), deadline);
            Optional<String> location = received.header("location");
            if (!isRedirect(received.status()) || hop >= limits.maxRedirects() || location.isEmpty()) {
                return new OutboundResponse(received.status(), received.headers(), received.body(), decision.uri(),
                        Duration.ofNanos(System.nanoTime() - start));
            }
            Decision next = checkRedirect(decision.uri(), location.get(), deadline);
            request = request.redirected(received.status(), decision.uri(), next.uri());
            decision = next;
        }
    }

    private Received exchange(Decision decision, OutboundRequest request, HttpClientContext context, long deadline)
            throws IOException {
        HttpUriRequestBase message = new HttpUriRequestBase(request.method(), decision.uri());
        request.headers().forEach(message::addHeader);
        if (request.body() != null) {
            message.setEntity(new ByteArrayEntity(request.body(), null));
        }
        context.setUserToken(PinnedDnsResolver.poolKey(decision));
        ExchangeDeadlines.Watch watch = deadlines.watch(message, deadline - System.nanoTime());
        try (watch; PinnedDnsResolver.Pin pin = dns.pin(decision)) {
            return http.execute(message, context, response -> new Received(response.getCode(), headers(response),
                    ResponseBody.read(response.getEntity(), response.getCode(), limits.maxResponseBytes(),
                            limits.keptResponseBytes(), message::cancel)));
        } catch (IOException e) {
            throw timeout(e, watch).orElseThrow(() -> e);
        }
    }

    /** Which limit an exchange ran into, if any; the deadline first, as cancelling shows as many other failures. */
    private Optional<OutboundTimeout> timeout(IOException failure, ExchangeDeadlines.Watch watch) {
        if (watch.expired()) {
            return Optional.of(new OutboundTimeout("no complete answer within " + limits.deadline().toMillis() + " ms",
                    failure));
        }
        if (failure instanceof ConnectTimeoutException) {
            return Optional.of(new OutboundTimeout("no connection within " + limits.connectTimeout().toMillis() + " ms",
                    failure));
        }
        if (failure instanceof SocketTimeoutException) {
            return Optional.of(new OutboundTimeout("no response data within " + limits.readTimeout().toMillis() + " ms",
                    failure));
        }
        return Optional.empty();
    }

    /** Location is resolved against the URI that answered, then checked like any user-supplied URL. */
    private Decision checkRedirect(URI current, String location, long deadline) throws OutboundTimeout {
        URI target;
        try {
            URI base = current.getRawPath().isEmpty() ? current.resolve("/") : current;
            target = base.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UrlNotAllowed(Refusal.MALFORMED, "redirect Location is not a valid URL", e);
        }
        try {
            return checked(target.toString(), deadline);
        } catch (UrlNotAllowed e) {
            throw new UrlNotAllowed(e.refusal(), "redirect refused: " + e.reason(), e);
        }
    }

    /**
     * The guard's decision on {@code url}, its host's lookup given the time left to the exchange (N2). A lookup that
     * did not answer in time is this call running out of time, not a URL refused: reported as the timeout it is.
     */
    private Decision checked(String url, long deadline) throws OutboundTimeout {
        try {
            return guard.check(url, left(deadline));
        } catch (UrlNotAllowed refused) {
            if (refused.getCause() instanceof LookupTimedOut late) {
                throw new OutboundTimeout("no address for the host in time: " + late.getMessage(), refused);
            }
            throw refused;
        }
    }

    /** The time left until {@code deadline} (of {@link System#nanoTime}); the host's lookup gets no more (N2). */
    private static Duration left(long deadline) {
        return Duration.ofNanos(deadline - System.nanoTime());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static HttpClientConnectionManager pool(PinnedDnsResolver dns, OutboundLimits limits, SSLContext tls) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create();
        if (tls != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls));
        }
        return pool
                .setDnsResolver(dns)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(limits.connectTimeout()))
                        .setSocketTimeout(timeout(limits.readTimeout()))
                        .setTimeToLive(TimeValue.ofMinutes(1))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout(limits.readTimeout())).build())
                // Header limits too: the body cap means little if the header block may be endless.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setMaxHeaderCount(200).setMaxLineLength(16 * 1024).build())
                        .build())
                .setMaxConnTotal(64)
                // As many as the widest user of one client sends to one host at once: a webhook endpoint's lanes
                // (WEBHOOKS_ENDPOINT_CONCURRENCY, at most 16) and an LLM engine's bulkhead (at most LLM_WORKERS,
                // 16). At 8, an endpoint given 16 lanes had 8 of them waiting for a connection (bench/webhooks).
                .setMaxConnPerRoute(16)
                .build();
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue());
        }
        return headers;
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }

    private record Received(int status, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name)).map(values -> values.get(0));
        }
    }
}
