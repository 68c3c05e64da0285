package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.audit.control.AuditActor;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.privacy.control.DownloadLinks;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.People;
import ai.humane.testing.TestServer;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** L3 exports: the archive, its manifest, its seal at rest, its link, and every way to ask wrongly. */
class PrivacyExportsIT extends HttpTest {

    static final String EXPORTS = "api/v1/privacy/exports";

    private final Api api = new Api(deployment);
    private final TenantProvisioning.Provisioned tenant = Tenants.create("Exporter");
    private final Fixtures fixtures = new Fixtures(api, tenant.apiKey());

    @Test
    void accountArchiveHoldsEveryKindWithDigestsThatMatchAndIsSealedAtRest() {
        String marker = "export-marker-" + UUID.randomUUID();
        UUID engine = fixtures.engine("Lexicon");
        UUID endUser = fixtures.endUser("customer-" + marker);
        fixtures.message(endUser, engine, "I love this " + marker);
        fixtures.message(endUser, engine, "Thanks again " + marker);

        UUID job = requestAndAwait("{\"scope\":\"account\"}");
        JsonObject status = api.get(EXPORTS + "/" + job, tenant.apiKey()).json();
        byte[] zip = download(status.getString("download_url"));
        Archive archive = Archive.unzip(zip);
        Map<String, Long> records = archive.verify();

        assertEquals(1, records.get("end_users"));
        assertEquals(2, records.get("messages"));
        assertEquals(2, records.get("analyses"));
        assertEquals(1, records.get("account"));
        assertTrue(archive.text("messages.jsonl").contains(marker), "the messages are in the archive");
        assertFalse(archive.text("users.jsonl").contains("password"), "no credential is exported");
        assertEquals(status.getJsonObject("records").getJsonNumber("messages").longValue(), 2);

        assertEquals(Archive.sha256(zip), Archive.sha256(Archive.openStored(tenant.tenantId(), job)),
                "the stored ciphertext opens to exactly the archive served");
        assertEquals("0", Rows.single("SELECT count(*) FROM privacy_archive_parts WHERE job_id = ? AND position(convert_to(?, 'UTF8') IN bytes) > 0",
                job, marker), "nothing in clear at rest");

        String audited = Rows.single("SELECT after::text FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.exported'"
                + " AND resource_id = ?", tenant.tenantId(), job.toString());
        assertNotNull(audited, "data.exported is audited");
        assertTrue(audited.contains("\"messages\": 2"), audited);
    }

    @Test
    void endUserArchiveHoldsOnlyThatEndUser() {
        UUID engine = fixtures.engine("Lexicon");
        UUID mine = fixtures.endUser("mine-" + UUID.randomUUID());
        UUID other = fixtures.endUser("other-" + UUID.randomUUID());
        fixtures.message(mine, engine, "mine is here");
        fixtures.message(other, engine, "someone else entirely");

        UUID job = requestAndAwait("{\"scope\":\"end_user\",\"end_user_id\":\"" + mine + "\"}");
        Archive archive = Archive.unzip(download(api.get(EXPORTS + "/" + job, tenant.apiKey()).json().getString("download_url")));
        Map<String, Long> records = archive.verify();

        assertEquals(Map.of("end_users", 1L, "messages", 1L, "analyses", 1L, "profile_days", 1L), records);
        assertFalse(String.join("", archive.entries().keySet().stream().map(archive::text).toList()).contains(other.toString()),
                "nothing of another end user");
        assertFalse(Rows.single("SELECT after::text FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.exported'",
                tenant.tenantId()).contains(mine.toString()), "the audit event does not name the end user");
    }

    @Test
    void aLinkIsRefusedWhenForgedExpiredForAnotherJobOrAnotherTenant() {
        UUID job = requestAndAwait("{\"scope\":\"account\"}");
        UUID other = requestAndAwait("{\"scope\":\"account\"}");
        TenantProvisioning.Provisioned elsewhere = Tenants.create("ExporterElsewhere");
        HmacKeys keys = new HmacKeys(TestPlatform.hmacKey());
        AuditActor holder = AuditActor.apiKey(keyId(tenant.apiKey()));
        String expired = new DownloadLinks(keys, Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC))
                .issue(tenant.tenantId(), job, holder).token();
        String forOther = new DownloadLinks(keys, Clock.systemUTC()).issue(tenant.tenantId(), other, holder).token();
        String forged = new DownloadLinks(new HmacKeys(HmacKeys.generateKey()), Clock.systemUTC())
                .issue(tenant.tenantId(), job, holder).token();
        // Signed by us and naming this job, but in another tenant: that tenant's walls hide the job.
        String otherTenant = new DownloadLinks(keys, Clock.systemUTC())
                .issue(elsewhere.tenantId(), job, AuditActor.apiKey(keyId(elsewhere.apiKey()))).token();
        String good = new DownloadLinks(keys, Clock.systemUTC()).issue(tenant.tenantId(), job, holder).token();
        char flip = good.charAt(20) == 'A' ? 'B' : 'A';
        String tampered = good.substring(0, 20) + flip + good.substring(21);

        for (String token : new String[] {expired, forOther, forged, otherTenant, tampered, "x", "", "A".repeat(4000)}) {
            Api.Answer answer = api.get(EXPORTS + "/" + job + "/download?token=" + token, null);
            assertEquals(404, answer.status(), token);
            assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.toString());
        }
        assertEquals(404, api.get(EXPORTS + "/" + job + "/download", null).status(), "no token");
        assertEquals("0", downloadsAudited(tenant.tenantId()), "a refused link is no download");
        assertEquals("0", downloadsAudited(elsewhere.tenantId()));
        assertEquals(200, status(EXPORTS + "/" + job + "/download?token=" + good));
        assertEquals("1", downloadsAudited(tenant.tenantId()));

        // A withdrawn or expired archive is gone, whatever link is shown.
        Rows.execute("UPDATE privacy_jobs SET expires_at = now() - interval '1 second' WHERE id = ?", job);
        Eventually.until("the archive is deleted at expiry",
                () -> "0".equals(Rows.single("SELECT count(*) FROM privacy_archive_parts WHERE job_id = ?", job)));
        assertEquals(404, status(EXPORTS + "/" + job + "/download?token=" + good));
        assertTrue(api.get(EXPORTS + "/" + job, tenant.apiKey()).json().isNull("download_url"));
        assertEquals("1", downloadsAudited(tenant.tenantId()));
    }

    /**
     * A link is good only while its holder may still export (admin or owner): a member demoted or removed, and a key
     * revoked, within the link's 15 minutes can no longer download the tenant's archive with it (broken once: each
     * downloaded, 200).
     */
    @Test
    void aLinkDiesWithItsHoldersStandingToExport() {
        UUID job = requestAndAwait("{\"scope\":\"account\"}");
        DownloadLinks links = new DownloadLinks(new HmacKeys(TestPlatform.hmacKey()), Clock.systemUTC());
        People.member(tenant.tenantId(), "admin");
        UUID admin = UUID.fromString(Rows.single("SELECT id::text FROM users WHERE tenant_id = ? AND role = 'admin'"
                + " ORDER BY created_at DESC LIMIT 1", tenant.tenantId()));
        String path = EXPORTS + "/" + job + "/download?token=" + links.issue(tenant.tenantId(), job, AuditActor.user(admin)).token();
        assertEquals(200, status(path), "an admin's link");
        Rows.execute("UPDATE users SET role = 'member' WHERE id = ?", admin);
        assertEquals(404, status(path), "its holder demoted to member");
        Rows.execute("UPDATE users SET role = 'admin' WHERE id = ?", admin);
        assertEquals(200, status(path), "an admin again");
        assertEquals(204, api.delete("api/v1/team/members/" + admin, tenant.apiKey()).status());
        assertEquals(404, status(path), "its holder removed");

        Api.Answer issued = api.post("api/v1/api-keys", tenant.apiKey(), "{\"name\":\"exporter\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, issued.status(), issued.body());
        UUID key = keyId(issued.json().getString("key"));
        String byKey = EXPORTS + "/" + job + "/download?token=" + links.issue(tenant.tenantId(), job, AuditActor.apiKey(key)).token();
        assertEquals(200, status(byKey), "a good key's link");
        assertEquals(204, api.delete("api/v1/api-keys/" + key, tenant.apiKey()).status());
        assertEquals(404, status(byKey), "its key revoked");
    }

    @Test
    void eachDownloadIsAuditedAsItsHoldersWithTheJobAndNoPersonalData() {
        UUID endUser = fixtures.endUser("downloaded-" + UUID.randomUUID());
        fixtures.message(endUser, fixtures.engine("Lexicon"), "a private thought");
        UUID job = requestAndAwait("{\"scope\":\"end_user\",\"end_user_id\":\"" + endUser + "\"}");
        String url = api.get(EXPORTS + "/" + job, tenant.apiKey()).json().getString("download_url");
        Api.Answer head = api.send(api.request(url.substring(1), null).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.status(), head.toString());
        assertEquals("0", downloadsAudited(tenant.tenantId()), "a HEAD sends no archive and records no download");
        download(url);
        download(url);

        String events = Rows.single("SELECT string_agg(actor_type || ':' || actor_id || ' ' || resource_type || ':'"
                + " || resource_id || ' ' || after::text || ' ' || coalesce(before::text, '-'), '|' ORDER BY seq)"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.export_downloaded'", tenant.tenantId());
        String one = "api_key:" + keyId(tenant.apiKey()) + " privacy_job:" + job + " {\"scope\": \"end_user\"} -";
        assertEquals(one + "|" + one, events, "who, which job; the event's time says when");
        String row = Rows.single("SELECT string_agg(to_jsonb(e)::text, ' ') FROM admin_audit_events e WHERE tenant_id = ?",
                tenant.tenantId());
        assertFalse(row.contains(endUser.toString()), "the end user is not named");
        assertFalse(row.contains("private thought"), "no content");
        assertFalse(row.contains(url.substring(url.indexOf("token=") + 6)), "not the link");
        assertEquals("0", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'end_user_data.read'", tenant.tenantId()), "no BAA: no read events");
    }

    private static String downloadsAudited(UUID tenant) {
        return Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ? AND action = 'data.export_downloaded'",
                tenant);
    }

    static UUID keyId(String key) {
        return UUID.fromString(Rows.single("SELECT id::text FROM api_keys WHERE prefix = ?", key.substring(0, 16)));
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() {
        UUID endUser = fixtures.endUser("bad-" + UUID.randomUUID());
        String key = tenant.apiKey();
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":").status(), "malformed");
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":\"everything\"}").status(), "unknown scope");
        assertEquals(400, api.post(EXPORTS, key, "{}").status(), "no scope");
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":\"end_user\"}").status(), "end_user without id");
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":\"account\",\"end_user_id\":\"" + endUser + "\"}").status());
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":\"end_user\",\"end_user_id\":\"nope\"}").status());
        assertEquals(400, api.post(EXPORTS, key, "{\"scope\":\"account\",\"tenant_id\":\"" + UUID.randomUUID() + "\"}").status());
        assertEquals(413, api.post(EXPORTS, key, "{\"scope\":\"account\",\"x\":\"" + "a".repeat(1_100_000) + "\"}").status());
        assertEquals(401, api.post(EXPORTS, null, "{\"scope\":\"account\"}").status());
        assertEquals(401, api.post(EXPORTS, "hk_live_forged", "{\"scope\":\"account\"}").status());
        Browser member = member(tenant.tenantId());
        assertEquals(403, member.write("POST", EXPORTS, "{\"scope\":\"account\"}").status(), "members may not export");

        TenantProvisioning.Provisioned stranger = Tenants.create("Stranger");
        assertEquals(404, api.post(EXPORTS, stranger.apiKey(), "{\"scope\":\"end_user\",\"end_user_id\":\"" + endUser + "\"}").status(),
                "another tenant's end user");
        assertEquals("0", Rows.single("SELECT count(*) FROM privacy_jobs WHERE tenant_id IN (?, ?)", tenant.tenantId(),
                stranger.tenantId()), "nothing stored");

        UUID job = requestAndAwait("{\"scope\":\"account\"}");
        assertEquals(404, api.get(EXPORTS + "/" + job, stranger.apiKey()).status(), "another tenant's export");
        assertEquals(403, member.get(EXPORTS + "/" + job).status());
        assertEquals(401, api.get(EXPORTS + "/" + job, null).status(), "no credential");
        assertEquals(404, api.get(EXPORTS + "/not-a-uuid", key).status(), "as for every id that is not a UUID");
        assertEquals(404, api.get(EXPORTS + "/" + UUID.randomUUID(), key).status());
    }

    /**
     * A tenant keeps at most ten exports waiting, running or downloadable: each is a sealed copy of its data at rest for
     * a day, and an admin (or a leaked admin key) asking in a loop filled the database with them (a review,
     * 2026-12-07). The eleventh is 409 and stores nothing; one expired, another may be asked for.
     */
    @Test
    void aTenantKeepsAtMostTenExportsAtOnce() {
        TenantProvisioning.Provisioned busy = Tenants.create("Busy");
        for (int i = 0; i < 10; i++) {
            Api.Answer queued = api.post(EXPORTS, busy.apiKey(), "{\"scope\":\"account\"}");
            assertEquals(202, queued.status(), "export " + (i + 1) + ": " + queued.body());
        }
        Api.Answer refused = api.post(EXPORTS, busy.apiKey(), "{\"scope\":\"account\"}");
        assertEquals(409, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/conflict", refused.problemType());
        assertEquals("10", Rows.single("SELECT count(*) FROM privacy_jobs WHERE tenant_id = ?", busy.tenantId()));
        Eventually.until("the ten succeed", () -> "10".equals(Rows.single("SELECT count(*) FROM privacy_jobs"
                + " WHERE tenant_id = ? AND status = 'succeeded'", busy.tenantId())));
        Rows.execute("UPDATE privacy_jobs SET expires_at = now() - interval '1 second' WHERE id = (SELECT id FROM"
                + " privacy_jobs WHERE tenant_id = ? ORDER BY created_at LIMIT 1)", busy.tenantId());
        assertEquals(202, api.post(EXPORTS, busy.apiKey(), "{\"scope\":\"account\"}").status(), "one expired");
    }

    /** A signed-in member of the tenant: may write end users, may not export or erase. */
    static Browser member(UUID tenant) {
        People.forgetLoopback();
        return Browser.signIn(new Api(TestServer.url()), People.member(tenant, "member"), People.PASSWORD);
    }

    private UUID requestAndAwait(String body) {
        return exported(api, tenant.apiKey(), body);
    }

    /** Asks for an export with {@code key} and waits until it succeeded (bounded); answers its id. */
    static UUID exported(Api api, String key, String body) {
        Api.Answer created = api.post(EXPORTS, key, body);
        assertEquals(202, created.status(), created.body());
        UUID job = UUID.fromString(created.json().getString("id"));
        assertTrue(created.header("Location").endsWith(EXPORTS + "/" + job), created.header("Location"));
        Supplier<String> state = () -> api.get(EXPORTS + "/" + job, key).json().getString("status");
        Eventually.until("the export succeeds", () -> !"pending".equals(state.get()) && !"running".equals(state.get()));
        assertEquals("succeeded", state.get());
        return job;
    }

    private byte[] download(String url) {
        HttpResponse<byte[]> response = fetch(url.substring(1));
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/zip", response.headers().firstValue("Content-Type").orElse(""));
        return response.body();
    }

    private int status(String path) {
        return fetch(path).statusCode();
    }

    private HttpResponse<byte[]> fetch(String path) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(api.request(path, null).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
