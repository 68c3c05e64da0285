package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import ai.humane.testing.RawGet;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * O6, L3: an archive's download that fails once it has begun must not look whole. What came is a ZIP cut short,
 * and the first sign a client has is the transport's: the stream ends without the chunked terminator
 * ({@code CutOnFailure}), where a browser saving the attachment would otherwise keep it as done. Read here with a
 * raw socket, as {@code AuditExportCutIT} reads the audit export. The archive is sealed in 1 MiB segments, each
 * authenticated, one to a row of {@code privacy_archive_parts}: a byte altered in the last part leaves every
 * segment before it to open and be sent, and fails the last one's authentication, megabytes into the answer.
 */
class ArchiveDownloadCutIT extends HttpTest {

    /**
     * Audit events (the account's archive has the log) of 20 000 hex digits each, md5s, which deflate to about half:
     * some 3 MB of sealed archive, three parts or more.
     */
    private static final int EVENTS = 300;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Api api = new Api(deployment);
    private final Provisioned tenant = Tenants.create("LargeArchive");

    @Test
    void aWholeDownloadEndsWithTheChunkedTerminatorAndOneWhoseArchiveFailsToOpenMidwayEndsWithoutIt() throws IOException {
        Rows.executeIn(tenant.tenantId(), "INSERT INTO admin_audit_events (tenant_id, actor_type, action, resource_type, after)"
                + " SELECT ?, 'system', 'test.padded', 'test', jsonb_build_object('n', n, 'pad',"
                + " (SELECT string_agg(md5(n || '.' || i), '') FROM generate_series(1, 625) i))"
                + " FROM generate_series(1, ?) n", tenant.tenantId(), EVENTS);
        UUID job = PrivacyExportsIT.exported(api, tenant.apiKey(), "{\"scope\":\"account\"}");
        int parts = Integer.parseInt(Rows.single("SELECT count(*)::text FROM privacy_archive_parts WHERE job_id = ?", job));
        assertTrue(parts >= 3, "segments open and are sent before the altered last part: " + parts + " parts");
        byte[] archive = Archive.openStored(tenant.tenantId(), job);

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        assertTrue(download(job, whole).terminated(), "a whole download ends with the zero-length chunk");
        assertEquals(Archive.sha256(archive), Archive.sha256(whole.toByteArray()), "the whole archive came");

        assertEquals(1, Rows.execute("UPDATE privacy_archive_parts SET bytes = set_byte(bytes, length(bytes) / 2,"
                + " get_byte(bytes, length(bytes) / 2) # 1) WHERE job_id = ? AND part = ?", job, parts - 1));
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        RawGet.Body failed = download(job, cut);
        assertTrue(cut.size() > 0 && cut.size() < archive.length,
                "the segments before the altered one were sent: " + cut.size() + " bytes of " + archive.length);
        assertArrayEquals(Arrays.copyOf(archive, cut.size()), cut.toByteArray(), "what came is the archive's beginning");
        assertFalse(failed.terminated(), "a download that failed midway must not end with the zero-length chunk");
    }

    /** Downloads the job's archive by a fresh link from its status, on a raw socket; its data goes to {@code sink}. */
    private RawGet.Body download(UUID job, OutputStream sink) throws IOException {
        String url = api.get(PrivacyExportsIT.EXPORTS + "/" + job, tenant.apiKey()).json().getString("download_url");
        try (Socket socket = new Socket()) {
            return RawGet.body(RawGet.chunked(socket, deployment, url, null, WAIT), sink);
        }
    }
}
