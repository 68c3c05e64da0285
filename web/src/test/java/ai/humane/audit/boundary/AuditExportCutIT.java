package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * O6, A3: an audit export that fails after its first bytes were sent must not look whole. JSON Lines and CSV have no
 * end marker, so the only sign is the transport's: the stream ends without the chunked terminator. Read here with a
 * raw socket, the way a client that checks it would. The export is larger than every buffer between the server and
 * this client (40 MB), and the client reads nothing until the failure is arranged, so the export cannot have ended
 * before: its next batch waits on the log, locked here, and is cancelled; or its place is given to another holder.
 */
class AuditExportCutIT extends HttpTest {

    private static final String EXPORT = "/api/v1/audit-events/export?format=";
    /** Events added to the tenant's log: with 10 kB each, 40 MB, eight batches. */
    private static final int EVENTS = 4000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Provisioned tenant;
    private int logged;

    @BeforeEach
    void aLongLog() throws SQLException {
        tenant = Tenants.create("LongLog");
        try (Connection c = TestPlatform.superuser()) {
            c.setAutoCommit(false);
            try (PreparedStatement scope = c.prepareStatement("SELECT set_config('humane.tenant_id', ?, true)")) {
                scope.setString(1, tenant.tenantId().toString());
                scope.executeQuery().close();
            }
            Rows.execute(c, "INSERT INTO admin_audit_events (tenant_id, actor_type, action, resource_type, after)"
                    + " SELECT ?, 'system', 'test.padded', 'test', jsonb_build_object('n', n, 'pad', repeat('x', 10000))"
                    + " FROM generate_series(1, ?) n", tenant.tenantId(), EVENTS);
            c.commit();
        }
        logged = Integer.parseInt(Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?",
                tenant.tenantId()));
    }

    /** The same raw client sees a whole export end with the terminator, every event in it. */
    @Test
    void aWholeExportEndsWithTheChunkedTerminator() throws Exception {
        try (Socket socket = new Socket()) {
            Received whole = readBody(exportOf(socket, "jsonl"));
            assertTrue(whole.terminated(), "a whole export ends with the zero-length chunk");
            assertEquals(logged, whole.lines(), "every event");
        }
    }

    /** The second and later batches wait on the log; one is cancelled: the client sees the export cut (JSON Lines). */
    @Test
    void aCancelledBatchCutsTheJsonLinesExport() throws Exception {
        assertCutByACancelledBatch("jsonl");
    }

    @Test
    void aCancelledBatchCutsTheCsvExport() throws Exception {
        assertCutByACancelledBatch("csv");
    }

    /** The export's place goes to another holder: the holder reads no more, and the client sees the export cut. */
    @Test
    void aLostPlaceCutsTheExport() throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket()) {
            InputStream body = exportOf(socket, "jsonl");
            try (Connection c = TestPlatform.superuser()) {
                assertEquals(1, Rows.execute(c, "UPDATE audit_export_places SET holder = gen_random_uuid()"
                        + " WHERE tenant_id = ?", tenant.tenantId()), "the export holds one place");
            }
            Future<Received> received = reader.submit(() -> readBody(body));
            assertCut(received.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    private void assertCutByACancelledBatch(String format) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket(); Connection log = TestPlatform.superuser()) {
            InputStream body = exportOf(socket, format);
            log.setAutoCommit(false);
            Rows.execute(log, "LOCK TABLE admin_audit_events IN ACCESS EXCLUSIVE MODE");
            Future<Received> received = reader.submit(() -> readBody(body));
            int batch = batchWaitingOn(log);
            try (Statement cancel = log.createStatement()) {
                cancel.execute("SELECT pg_cancel_backend(" + batch + ")");
            }
            log.commit();
            assertCut(received.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    private void assertCut(Received cut) {
        assertTrue(cut.lines() > 1, "the first batch was sent before the failure");
        assertTrue(cut.lines() < logged, "the export failed midway: " + cut.lines() + " lines of " + logged + " events");
        assertFalse(cut.terminated(), "a cut export must not end with the zero-length chunk, as a whole one does");
    }

    /**
     * Sends the export's request on {@code socket}, with a small receive buffer, and reads the head of its answer:
     * 200, chunked. Once it came the export holds its place and has read its first batch. {@code Connection: close},
     * so that a whole export ends the connection too. Returns the rest, the body, unread.
     */
    private InputStream exportOf(Socket socket, String format) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", deployment.getPort()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + EXPORT + format + " HTTP/1.1\r\nHost: 127.0.0.1:" + deployment.getPort() + "\r\n"
                + "Authorization: Bearer " + tenant.apiKey() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
        String status = line(in);
        List<String> headers = new ArrayList<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            headers.add(header.toLowerCase(Locale.ROOT));
        }
        assertTrue(status != null && status.startsWith("HTTP/1.1 200"), status + " " + headers);
        assertTrue(headers.contains("transfer-encoding: chunked"), headers.toString());
        return in;
    }

    /** The backend of the export batch that waits on the log {@code holder} locked, once one does (bounded). */
    private static int batchWaitingOn(Connection holder) throws Exception {
        int holding;
        try (Statement s = holder.createStatement(); ResultSet pid = s.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            holding = pid.getInt(1);
        }
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            String waiting = Rows.single("SELECT pid::text FROM pg_stat_activity WHERE " + holding
                    + " = ANY (pg_blocking_pids(pid)) AND query ILIKE 'select%admin_audit_events%' LIMIT 1");
            if (waiting != null) {
                return Integer.parseInt(waiting);
            }
            assertTrue(Instant.now().isBefore(deadline), "no export batch waited on the log");
            Thread.sleep(50);
        }
    }

    /**
     * Reads a chunked body to its end: the zero-length chunk, or the connection's end without it (an end of stream or
     * a reset).
     */
    private static Received readBody(InputStream in) throws IOException {
        long lines = 0;
        try {
            for (String size = line(in); size != null; size = line(in)) {
                int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (length == 0) {
                    return new Received(lines, true);
                }
                byte[] chunk = in.readNBytes(length);
                for (byte b : chunk) {
                    lines += b == '\n' ? 1 : 0;
                }
                if (chunk.length < length || !"".equals(line(in))) {
                    break;
                }
            }
        } catch (IOException reset) {
            // The connection was reset: it ended without the terminator, as an end of stream would.
        }
        return new Received(lines, false);
    }

    /** One CRLF-ended line of ASCII, without its end; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length() - 1;
                return end >= 0 && line.charAt(end) == '\r' ? line.substring(0, end) : line.toString();
            }
            line.append((char) b);
        }
        return null;
    }

    /**
     * How many lines of the body came (JSON lines, or CSV records with the header: no field here holds a line
     * break), and whether it ended with the zero-length chunk.
     */
    private record Received(long lines, boolean terminated) {
    }
}
