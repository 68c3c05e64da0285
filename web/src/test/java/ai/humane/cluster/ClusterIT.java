package ai.humane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.backup.control.Backups;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.local.PayaraMicro;
import ai.humane.status.control.LoopbackTlsServer;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.FromAddress;
import ai.humane.testing.Grid;
import ai.humane.testing.Mailbox;
import ai.humane.testing.MicroInstances;
import ai.humane.testing.Minutes;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.TestPlatform;
import ai.humane.webhooks.boundary.WebhookReceiver;
import ai.humane.webhooks.control.Dispatch;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro instances on one database, as a cluster runs: they form one Hazelcast data grid (TCP discovery
 * on loopback, {@link Grid}), and what one instance counts, claims or
 * stores, the other sees. Webhook deliveries go out once (W3), the rate limit is one count (A1) and an
 * idempotency key used on one instance is replayed by the other (A2); a plan changed on one instance sets the
 * ceiling on the other from the next request (A1). The status probes run once per interval
 * for both (O2), and the certificate of their public host (a loopback TLS server with a test-made certificate)
 * is mailed to the operators once while it expires in 10 days and once when renewed to 90. The database they
 * run on is a restore of a backup (O3): the application boots on it, and the restored tenant's key and audit
 * chain work; the day's nightly backup is taken once for both, and its SHA-256 mailed to the operators. A key revoked on one instance is refused by the other from the next request (nothing caches a
 * credential's standing), and at most two of a tenant's audit exports run at once on both together (O6). Last,
 * one instance dies by SIGKILL with deliveries pending, and the survivor delivers every one of them (W3: durable
 * across a crash), while the rate counts it held in the data grid survive on the other (A1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int EVENTS = 30;
    private static final int PUBLIC_CEILING = 60;
    private static final String FAQ = "api/v1/public/faq?q=limits";
    private static final int PENDING_AT_CRASH = 10;
    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(4);

    /** Short, so the test sees many rounds: the interval is a setting for exactly this reason. */
    private static final int PROBE_SECONDS = 3;
    private static final String OPERATORS = "operators-" + UUID.randomUUID() + "@humane.test";

    private static DatabaseSettings db;
    private static final Grid grid = new Grid(2);
    private static PayaraMicro one;
    private static PayaraMicro two;
    private static LoopbackTlsServer publicHost;
    private static RestoredSource restored;
    /** Before the instances boot, so before any probe: the warnings go out on the UTC days from this one to now. */
    private static Instant booted;
    private static Path nightly;

    private final WebhookReceiver receiver = WebhookReceiver.shared();

    @BeforeAll
    static void cluster() throws Exception {
        booted = Instant.now();
        db = MicroInstances.database("cluster");
        restored = RestoredSource.into(db);
        publicHost = new LoopbackTlsServer(Duration.ofDays(10));
        Map<String, String> env = new HashMap<>(MicroInstances.environment(db));
        env.put("PUBLIC_BASE_URL", publicHost.url().replaceAll("/$", ""));
        env.put("OUTBOUND_ALLOWLIST", env.get("OUTBOUND_ALLOWLIST") + "," + publicHost.allowListEntry());
        env.put("STATUS_PROBE_INTERVAL_SECONDS", Integer.toString(PROBE_SECONDS));
        env.put("STATUS_CACHE_SECONDS", "1");
        env.put("OPERATOR_EMAILS", OPERATORS);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(TestPlatform.smtp().getSmtp().getPort()));
        env.put("SMTP_FROM", "status@humane.test");
        env.put("SMTP_STARTTLS", "false");
        // O3: the day's backup is due from midnight, so the first look after the boot takes it (once for the cluster).
        nightly = Files.createDirectories(Path.of("target", "cluster-nightly-" + UUID.randomUUID())).toAbsolutePath();
        env.put("BACKUP_TARGET", nightly.toString());
        env.put("BACKUP_DB_USER", EmbeddedDatabase.BACKUP_ROLE);
        env.put("BACKUP_DB_PASSWORD", TestPlatform.server().backupPassword());
        env.put("BACKUP_AT", "00:00");
        // As on the shared server: lanes of a known width, and room for a backlog of test events to one receiver.
        env.put("WEBHOOKS_ENDPOINT_CONCURRENCY", Integer.toString(TestPlatform.WEBHOOK_ENDPOINT_CONCURRENCY));
        env.put("WEBHOOKS_TENANT_CONCURRENCY", Integer.toString(TestPlatform.WEBHOOK_TENANT_CONCURRENCY));
        env.put("WEBHOOKS_TEST_PER_RECEIVER_PER_MINUTE", Integer.toString(TestPlatform.TEST_EVENTS_PER_RECEIVER_PER_MINUTE));
        one = grid.start(env, "one", 0);
        assertTrue(one.awaitReady(), () -> "the first instance never became ready: " + grid.why(one));
        two = grid.start(env, "two", 1);
        assertTrue(two.awaitReady(), () -> "the second instance never became ready: " + grid.why(two));
    }

    @Test
    @Order(1)
    void theTwoInstancesFormOneDataGrid() throws Exception {
        assertTrue(grid.formed(one, Duration.ofSeconds(60)), "the first instance never saw both members");
        assertTrue(grid.formed(two, Duration.ofSeconds(60)), "the second instance never saw both members");
    }

    @Test
    @Order(2)
    void theDaysBackupIsTakenOnceForTheClusterAndItsSha256MailedToTheOperators() throws Exception {
        String succeeded = "SELECT count(*) FROM backup_runs WHERE kind = 'nightly' AND status = 'succeeded'";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Long.parseLong(single(succeeded)) == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        String day = single("SELECT max(day) FROM backup_runs WHERE kind = 'nightly' AND status = 'succeeded'");
        assertTrue(day != null, "no nightly backup within two minutes of the boot: "
                + single("SELECT string_agg(status || ' ' || coalesce(error, ''), '; ') FROM backup_runs"));
        String name = single("SELECT name FROM backup_runs WHERE kind = 'nightly' AND day = '" + day + "'");
        String body = Mailbox.bodyOf(OPERATORS, "Backup of " + day + " taken");
        String sha256 = Backups.sha256Of(nightly.resolve(name));
        assertTrue(body.contains("SHA-256:   " + sha256), "the mail carries the file's SHA-256: " + body);
        assertTrue(body.contains("humane restore " + name + " --expect-sha256 " + sha256), body);

        // One a day for both instances: a run that crosses midnight may take the next day's as well, never two of one.
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(booted, ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC)) + 1;
        long runs = Long.parseLong(single("SELECT count(*) FROM backup_runs WHERE kind = 'nightly'"));
        assertTrue(runs >= 1 && runs <= days, runs + " nightly runs in " + days + " UTC day(s)");
        try (Stream<Path> files = Files.list(nightly)) {
            List<String> written = files.map(file -> file.getFileName().toString()).filter(file -> !file.startsWith("."))
                    .toList();
            assertTrue(written.contains(name) && written.size() <= days, "files written: " + written);
        }
        assertEquals(1, Mailbox.countTo(OPERATORS, "Backup of " + day), "one mail per operator for the day's backup");
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.stop();
        }
        if (one != null) {
            one.stop();
        }
        if (publicHost != null) {
            publicHost.close();
        }
    }

    @Test
    void theApplicationBootsOnARestoredDatabaseWhoseAuditChainVerifies() throws Exception {
        assertEquals(restored.auditOf(restored.source()), restored.auditOf(db), "the tenant's audit rows, byte for byte");
        Api.Answer verified = api(two).get("api/v1/audit-events/verify", restored.tenant().apiKey());
        assertEquals(200, verified.status(), verified.body());
        assertTrue(verified.json().getBoolean("valid"), verified.body());
        assertEquals(RestoredSource.EVENTS, verified.json().getJsonNumber("events_checked").intValue(), verified.body());
    }

    @Test
    void bothInstancesTogetherProbeOncePerInterval() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (certificateChecks() < 8 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        long checks = certificateChecks();
        int handshakes = publicHost.requests();
        long claimed = Long.parseLong(single("SELECT count(*) FROM status_rounds WHERE interval_s = " + PROBE_SECONDS));
        assertTrue(checks >= 8, "rounds probed: " + checks);
        // Read in this order, each count is at most the next: a round is claimed (committed) before its handshake, and
        // its check recorded after it. Rounds in between (one, or two when a round outlasts the interval on a busy
        // machine) lie between the counts; two instances probing one round would make more handshakes than claims.
        assertTrue(handshakes >= checks && handshakes <= claimed, handshakes + " handshakes for " + checks
                + " rounds recorded and " + claimed + " claimed");
    }

    @Test
    void aCertificateThatExpiresSoonIsMailedOnceAndItsRenewalOnce() throws Exception {
        String warning = Mailbox.bodyOf(OPERATORS, "TLS certificate expires in 9 days");
        assertTrue(warning.contains("9.9 days left"), warning);
        JsonObject certificate = component(api(two).get("api/v1/status", null), "certificate");
        assertEquals("degraded", certificate.getString("state"), certificate.toString());
        assertEquals("days", certificate.getString("unit"));

        publicHost.renew(Duration.ofDays(90));
        Mailbox.bodyOf(OPERATORS, "TLS certificate renewed");
        // One a day: one when the run stays in one UTC day, and at most one more for each midnight it crossed (the
        // warning comes again the next day), so a run across midnight passes and two warnings in one day still fail.
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(booted, ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC)) + 1;
        long warnings = Mailbox.countTo(OPERATORS, "TLS certificate expires");
        assertTrue(warnings >= 1 && warnings <= days, warnings + " warnings in " + days + " UTC day(s): one a day, not one a round");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"operational".equals(component(api(one).get("api/v1/status", null), "certificate").getString("state"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        certificate = component(api(one).get("api/v1/status", null), "certificate");
        assertEquals("operational", certificate.getString("state"), certificate.toString());
        assertTrue(certificate.getJsonNumber("value").doubleValue() >= 89.9, certificate.toString());
    }

    private static long certificateChecks() throws Exception {
        return Long.parseLong(single("SELECT count(*) FROM status_checks c JOIN status_rounds r USING (slot)"
                + " WHERE c.component = 'certificate' AND r.interval_s = " + PROBE_SECONDS));
    }

    private static JsonObject component(Api.Answer status, String name) {
        assertEquals(200, status.status(), status.body());
        return status.json().getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + status.body()));
    }

    private static String single(String sql) throws Exception {
        try (Connection c = TestPlatform.superuser(db); Statement query = c.createStatement();
             ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void eachWebhookEventIsDeliveredExactlyOnce() throws Exception {
        String path = receiver.path(200);
        String key = MicroInstances.tenant(db, "Twice").apiKey();
        Api first = api(one);
        Api second = api(two);
        endpoint(first, key, path);
        for (int i = 0; i < EVENTS; i++) {
            new Fixtures(i % 2 == 0 ? first : second, key).endUser("twice-" + i);
        }
        receiver.await(path, EVENTS);
        Thread.sleep(3000); // a duplicate, if any, would come within the next triggers
        Map<String, Long> received = receiver.at(path).stream()
                .collect(Collectors.groupingBy(r -> r.header("Humane-Event-Id"), Collectors.counting()));
        assertEquals(EVENTS, received.size());
        assertTrue(received.values().stream().allMatch(n -> n == 1), "delivered more than once: " + received);
    }

    /**
     * W3: an endpoint re-pointed through one instance while both hold claimed deliveries of it behind a slow receiver.
     * The other instance is told through the grid, and neither sends the old URL anything not yet on the wire. Held
     * while disabled, the deliveries become due at once: the first claim round takes 20 (its batch), the other
     * instance the other 7, and each starts one lane's worth, so each holds a backlog (the old URL sees 6 requests at
     * once, more than one instance's lane lets through). Those on the wire finish at the old URL; all others go to the
     * new one, once each.
     */
    @Test
    void anEndpointRepointedThroughOneInstanceGetsNothingMoreAtItsOldUrlFromTheOther() throws Exception {
        int lane = TestPlatform.WEBHOOK_ENDPOINT_CONCURRENCY;
        int queued = Dispatch.BATCH_SIZE + 2 * lane + 1;
        String old = receiver.slowPath(200, Duration.ofSeconds(8));
        String moved = receiver.path(200);
        String key = MicroInstances.tenant(db, "Repointed").apiKey();
        Api first = api(one);
        Api.Answer created = endpoint(first, key, old);
        String endpoint = "api/v1/webhooks/endpoints/" + created.json().getString("id");
        assertEquals(200, first.patch(endpoint, key, "{\"enabled\":false}").status());
        for (int i = 0; i < queued; i++) {
            Api.Answer queuedTest = first.post(endpoint + "/test", key, "");
            assertEquals(202, queuedTest.status(), queuedTest.body());
        }
        assertEquals(200, first.patch(endpoint, key, "{\"enabled\":true}").status());
        receiver.await(old, 2 * lane);

        Api.Answer repointed = first.patch(endpoint, key, "{\"url\":\"" + receiver.url(moved) + "\"}");
        assertEquals(200, repointed.status(), repointed.body());

        receiver.await(moved, queued - 2 * lane);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline) && !single("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '"
                + created.json().getString("id") + "' AND status = 'succeeded'").equals(Integer.toString(queued))) {
            Thread.sleep(200);
        }
        assertEquals(2 * lane, receiver.at(old).size(), "only the deliveries on the wire reached the old URL");
        assertEquals(queued - 2 * lane, receiver.at(moved).size(), "every other delivery reached the new one, once");
    }

    @Test
    void bothInstancesCountOneRateLimit() {
        String client = FromAddress.fresh();
        FromAddress[] instances = {new FromAddress(client, one.baseUri().getPort()),
            new FromAddress(client, two.baseUri().getPort())};
        Minutes.leaveAtLeast(20);
        for (int i = 1; i <= PUBLIC_CEILING; i++) {
            FromAddress.Reply reply = instances[i % 2].get(FAQ, Map.of());
            assertEquals(200, reply.status(), reply.toString());
            assertTrue(reply.header("RateLimit").startsWith("\"public\";r=" + (PUBLIC_CEILING - i) + ";"),
                    "request " + i + ": " + reply.header("RateLimit"));
        }
        for (FromAddress instance : instances) {
            FromAddress.Reply refused = instance.get(FAQ, Map.of("X-Forwarded-For", "198.51.100.77"));
            assertEquals(429, refused.status(), refused.toString());
            assertTrue(refused.body().contains("\"type\":\"https://humane.ai/problems/rate-limited\""), refused.body());
            assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused.toString());
        }
    }

    /**
     * A1: no instance keeps a plan that another has changed; the very next request sees the new ceiling, for an API
     * key and for a signed-in person (each credential's lookup reads the plan).
     */
    @Test
    void aPlanChangedOnOneInstanceHoldsOnTheOtherFromTheNextRequest() throws Exception {
        TenantProvisioning.Provisioned tenant = MicroInstances.tenant(db, "Upgraded");
        String key = tenant.apiKey();
        Api first = api(one);
        Api second = api(two);
        Browser person = Browser.signIn(second, owner(tenant.tenantId()), People.PASSWORD);
        assertEquals("\"default\";q=120;w=60", second.get("api/v1/billing", key).header("RateLimit-Policy"));
        assertEquals("\"default\";q=120;w=60", person.get("api/v1/billing").header("RateLimit-Policy"));
        Api.Answer changed = first.send("api/v1/billing/plan", key, "PUT", "application/json", "{\"plan\":\"pro\"}");
        assertEquals(200, changed.status(), changed.body());
        Api.Answer after = second.get("api/v1/billing", key);
        assertEquals("\"default\";q=600;w=60", after.header("RateLimit-Policy"));
        assertEquals("pro", after.json().getString("plan"));
        assertEquals("\"default\";q=600;w=60", person.get("api/v1/billing").header("RateLimit-Policy"));
    }

    /** Another owner of the tenant, stored in the cluster's database as an operator would; answers the address. */
    private static String owner(UUID tenant) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword())) {
            Rows.execute(c, "SET humane.tenant_id = '" + tenant + "'"); // inside the tenant's wall (a UUID's text)
            return People.member(c, tenant, "owner");
        }
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() throws Exception {
        String owner = MicroInstances.tenant(db, "Revoked").apiKey();
        Api.Answer issued = api(one).post("api/v1/api-keys", owner, "{\"name\":\"short-lived\",\"scopes\":[\"read\"]}");
        assertEquals(201, issued.status(), issued.body());
        String key = issued.json().getString("key");
        assertEquals(200, api(two).get("api/v1/end-users", key).status(), "the other instance accepts the new key");
        assertEquals(204, api(one).delete("api/v1/api-keys/" + issued.json().getString("id"), owner).status());
        Api.Answer refused = api(two).get("api/v1/end-users", key);
        assertEquals(401, refused.status(), "no instance keeps a key's standing: " + refused.body());
    }

    @Test
    void anIdempotencyKeyUsedOnOneInstanceIsReplayedByTheOther() throws Exception {
        String key = MicroInstances.tenant(db, "Replayed").apiKey();
        String body = "{\"external_id\":\"cluster-replay\",\"traits\":{}}";
        Api.Answer created = api(one).send(post(one, key, body));
        assertEquals(201, created.status(), created.body());
        Api.Answer replayed = api(two).send(post(two, key, body));
        assertEquals(201, replayed.status(), replayed.body());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(created.json().getString("id"), replayed.json().getString("id"));
        Api.Answer otherBody = api(two).send(post(two, key, body.replace("cluster-replay", "another")));
        assertEquals(422, otherBody.status(), otherBody.body());
    }

    /**
     * O6: the export's two places are the cluster's, not each instance's. Two exports of a tenant's log are held on the
     * first instance (their batches wait on the log's table, locked here), and a third on the second instance is 429
     * with Retry-After. One held export ends (its read is cancelled, so its stream ends and gives its place back), and
     * the second instance takes that place; with one export on each, a fourth on either is 429. Once the log is free
     * again, both held exports are written whole.
     */
    @Test
    void twoExportsOfALogRunAtOnceAcrossBothInstances() throws Exception {
        TenantProvisioning.Provisioned tenant = MicroInstances.tenant(db, "Exported");
        String key = tenant.apiKey();
        String export = "api/v1/audit-events/export";
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try (Connection log = TestPlatform.superuser(db)) {
            log.setAutoCommit(false);
            Rows.execute(log, "LOCK TABLE admin_audit_events IN ACCESS EXCLUSIVE MODE");
            List<Future<Api.Answer>> exports = List.of(clients.submit(() -> api(one).get(export, key)),
                    clients.submit(() -> api(one).get(export, key)));
            List<Integer> reading = exportsWaitingOn(log, 2);

            assertRefused(two, export, key, "a third export, on the other instance");
            try (Statement cancel = log.createStatement()) {
                cancel.execute("SELECT pg_cancel_backend(" + reading.get(0) + ")");
            }
            // Which of the two exports read on that backend is not known: the one that ends is the cancelled one.
            Eventually.until("one of the exports ended", () -> exports.stream().anyMatch(Future::isDone));
            Future<Api.Answer> ending = exports.get(0).isDone() ? exports.get(0) : exports.get(1);
            Future<Api.Answer> held = exports.get(0) == ending ? exports.get(1) : exports.get(0);
            assertTrue(ending.get().status() != 200, "the cancelled export was not written whole");
            assertFalse(held.isDone(), "the other export still waits on the log");
            assertEquals("1", single("SELECT count(*) FROM audit_export_places WHERE tenant_id = '"
                    + tenant.tenantId() + "'"), "the ended export gave its place back");
            Future<Api.Answer> taken = clients.submit(() -> api(two).get(export, key));
            exportsWaitingOn(log, 2);
            assertRefused(one, export, key, "a fourth, with one export on each instance");
            assertRefused(two, export, key, "a fourth, with one export on each instance");
            log.commit();
            for (Future<Api.Answer> written : List.of(held, taken)) {
                Api.Answer whole = written.get(60, TimeUnit.SECONDS);
                assertEquals(200, whole.status(), whole.body());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The backends of exactly {@code exports} export batches waiting on the log that {@code holder} locked, once
     * they all do; read on a connection of its own, since a transaction sees one snapshot of pg_stat_activity.
     */
    private static List<Integer> exportsWaitingOn(Connection holder, int exports) throws Exception {
        int holding;
        try (Statement s = holder.createStatement(); ResultSet pid = s.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            holding = pid.getInt(1);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<Integer> waiting = new ArrayList<>();
            try (Connection c = TestPlatform.superuser(db); Statement query = c.createStatement();
                 ResultSet rows = query.executeQuery("SELECT pid FROM pg_stat_activity WHERE " + holding + " = ANY"
                         + " (pg_blocking_pids(pid)) AND query ILIKE 'select%admin_audit_events%' ORDER BY pid")) {
                while (rows.next()) {
                    waiting.add(rows.getInt(1));
                }
            }
            if (waiting.size() == exports) {
                return waiting;
            }
            assertTrue(waiting.size() < exports && Instant.now().isBefore(deadline),
                    waiting.size() + " export batches wait on the log, not " + exports);
            Thread.sleep(50);
        }
    }

    /** A new export on {@code instance} is 429 {@code rate-limited} with Retry-After, taking no place. */
    private static void assertRefused(PayaraMicro instance, String export, String key, String which) throws Exception {
        Api.Answer refused;
        try {
            refused = api(instance).send(api(instance).request(export, key).timeout(Duration.ofSeconds(10)).GET());
        } catch (UncheckedIOException e) {
            throw new AssertionError(which + " took a place: it waits on the log", e);
        }
        assertEquals(429, refused.status(), which + ": " + refused.body());
        assertEquals("https://humane.ai/problems/rate-limited", refused.problemType());
        assertEquals("5", refused.header("Retry-After"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyDeliveryPendingWhenAnInstanceIsKilledIsDeliveredByTheSurvivor() throws Exception {
        String path = receiver.path(503);
        String key = MicroInstances.tenant(db, "Durable").apiKey();
        Api dying = api(one);
        Api.Answer endpoint = endpoint(dying, key, path);
        Set<String> events = new HashSet<>();
        Fixtures data = new Fixtures(dying, key);
        for (int i = 0; i < PENDING_AT_CRASH; i++) {
            data.endUser("durable-" + i);
        }
        receiver.await(path, 1);
        FromAddress limited = exhaustPublicCeilingOnBoth();
        one.kill();
        Instant healed = Instant.now();
        receiver.answer(path, 200);
        FromAddress.Reply stillRefused = limited.get(FAQ, Map.of());
        assertEquals(429, stillRefused.status(), "the survivor lost the dead instance's counts: " + stillRefused);

        String endpointId = endpoint.json().getString("id");
        try (Connection c = TestPlatform.superuser(db); Statement query = c.createStatement();
             ResultSet rows = query.executeQuery("SELECT event_id::text FROM webhook_deliveries WHERE endpoint_id = '"
                     + endpointId + "'")) {
            while (rows.next()) {
                events.add(rows.getString(1));
            }
        }
        assertEquals(PENDING_AT_CRASH, events.size());
        Instant deadline = Instant.now().plus(DELIVERED_WITHIN);
        while (Instant.now().isBefore(deadline) && !deliveredAfter(path, healed).containsAll(events)) {
            Thread.sleep(500);
        }
        Set<String> missing = new HashSet<>(events);
        missing.removeAll(deliveredAfter(path, healed));
        assertTrue(missing.isEmpty(), "events never delivered after the crash: " + missing);
    }

    /**
     * Spends a fresh client's public ceiling on both instances, half each, and answers that client on the
     * second; the counts live on both members (owner and backup), so the first one's death loses none (A1).
     */
    private static FromAddress exhaustPublicCeilingOnBoth() {
        String client = FromAddress.fresh();
        FromAddress[] instances = {new FromAddress(client, one.baseUri().getPort()),
            new FromAddress(client, two.baseUri().getPort())};
        Minutes.leaveAtLeast(45);
        for (int i = 1; i <= PUBLIC_CEILING; i++) {
            assertEquals(200, instances[i % 2].get(FAQ, Map.of()).status());
        }
        return instances[1];
    }

    /** An endpoint for {@code end_user.created}, made through {@code instance}, pointing at the receiver's {@code path}. */
    private Api.Answer endpoint(Api instance, String key, String path) {
        Api.Answer created = instance.post("api/v1/webhooks/endpoints", key,
                "{\"url\":\"" + receiver.url(path) + "\",\"events\":[\"end_user.created\"]}");
        assertEquals(201, created.status(), created.body());
        return created;
    }

    private Set<String> deliveredAfter(String path, Instant healed) {
        return receiver.at(path).stream().filter(r -> r.at().isAfter(healed))
                .map(r -> r.header("Humane-Event-Id")).collect(Collectors.toSet());
    }

    private static HttpRequest.Builder post(PayaraMicro instance, String key, String body) throws Exception {
        return api(instance).request("api/v1/end-users", key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "cluster-key-1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static Api api(PayaraMicro instance) throws Exception {
        URI base = instance.baseUri();
        return new Api(new URL(base + "/"));
    }
}
