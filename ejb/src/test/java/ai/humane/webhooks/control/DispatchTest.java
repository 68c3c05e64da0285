package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.MailSeal;
import ai.humane.mail.control.OutgoingMail;
import ai.humane.mail.control.SendKeys;
import ai.humane.optouts.control.MailList;
import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.optouts.control.UnsubscribeToken;
import ai.humane.optouts.control.UnsubscribeTokens;
import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.outbound.control.TricklingReceiver;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox, the claim and the marks on a real PostgreSQL 16, with a sender the test scripts. */
class DispatchTest {

    private static final UnsubscribeLinks LINKS = new UnsubscribeLinks(
            new UnsubscribeTokens(new HmacKeys(HmacKeys.generateKey()), Clock.systemUTC()), "https://api.humane.test");
    private static final MailSeal SEAL = new MailSeal(new KeyRing(KeyRing.generateKey()));
    private static final SendKeys KEYS = new SendKeys(new HmacKeys(HmacKeys.generateKey()));
    private static final MailQueue OUTBOX = new MailQueue(SEAL, KEYS);

    private static WebhookDatabase db;

    @BeforeAll
    static void migrate() {
        db = WebhookDatabase.migrated();
    }

    @Test
    void anEventFansOutToEveryEnabledSubscribedEndpointOfItsTenantOnly() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID other = db.tenant(owner()).tenantId();
        UUID all = db.endpoint(tenant, "[\"*\"]", true);
        UUID users = db.endpoint(tenant, "[\"end_user.created\"]", true);
        UUID messages = db.endpoint(tenant, "[\"message.created\"]", true);
        UUID off = db.endpoint(tenant, "[\"*\"]", false);
        UUID elsewhere = db.endpoint(other, "[\"*\"]", true);

        UUID event = db.emit(tenant, "end_user.created");

        for (UUID endpoint : List.of(all, users)) {
            assertEquals("1", deliveries(endpoint, event));
        }
        for (UUID endpoint : List.of(messages, off, elsewhere)) {
            assertEquals("0", deliveries(endpoint, event));
        }
        String payload = db.single("SELECT payload::text FROM webhook_events WHERE id = ?", event);
        assertTrue(payload.contains("\"tenant_id\": \"" + tenant + "\""), payload);
        assertTrue(payload.contains("\"data\": {\"n\": 1}"), payload);
    }

    @Test
    void aSuccessIsRecordedWithItsAttemptAndEndsAFailingSpell() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        db.single("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ?", endpoint);
        UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));

        List<ClaimedDelivery> sent = run(answer(200, Optional.empty()));

        assertTrue(sent.stream().anyMatch(d -> d.id().equals(delivery)));
        assertEquals("succeeded", status(delivery));
        assertEquals("200", db.single("SELECT status_code::text FROM webhook_attempts WHERE delivery_id = ?", delivery));
        assertNull(db.single("SELECT failing_since FROM webhook_endpoints WHERE id = ?", endpoint));
    }

    /**
     * Each recording of a tenant's tries says when its tries were last recorded (V58, the status page's measure of the
     * dispatcher's lateness), a failed try as well as a success, in the tenant's one row, after the marks' commit: at
     * most every 5 seconds from one instance (it remembers), and not over a row another instance wrote in the last 5
     * seconds; another tenant's row is its own.
     */
    @Test
    void aRecordingSaysWhenTheTenantsTriesWereLastRecordedAtMostEveryFiveSeconds() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID other = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        db.endpoint(other, "[\"*\"]", true);
        assertNull(tried(tenant));
        delivery(endpoint, db.emit(tenant, "webhook.test"));
        db.emit(other, "webhook.test");

        Dispatch instance = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        recordFor(instance, tenant, answer(500, Optional.empty()));
        assertEquals("true", db.single("SELECT (tried_at > now() - interval '1 minute')::text "
                + "FROM webhook_tenant_tries WHERE tenant_id = ?", tenant), "a failed try was recorded");
        assertNull(tried(other), "not tried");

        db.single("UPDATE webhook_tenant_tries SET tried_at = now() - interval '6 seconds' WHERE tenant_id = ?", tenant);
        String sixSecondsAgo = tried(tenant);
        delivery(endpoint, db.emit(tenant, "webhook.test"));
        recordFor(instance, tenant, answer(200, Optional.empty()));
        assertEquals(sixSecondsAgo, tried(tenant), "the instance wrote it less than 5 seconds ago");

        delivery(endpoint, db.emit(tenant, "webhook.test"));
        recordFor(new Dispatch(Clock.systemUTC(), LINKS, OUTBOX), tenant, answer(200, Optional.empty()));
        assertEquals("true", db.single("SELECT (tried_at > now() - interval '5 seconds')::text "
                + "FROM webhook_tenant_tries WHERE tenant_id = ?", tenant), "another instance's success was recorded");

        db.single("UPDATE webhook_tenant_tries SET tried_at = now() + interval '1 minute' WHERE tenant_id = ?", tenant);
        String fresh = tried(tenant);
        delivery(endpoint, db.emit(tenant, "webhook.test"));
        recordFor(new Dispatch(Clock.systemUTC(), LINKS, OUTBOX), tenant, answer(200, Optional.empty()));
        assertEquals(fresh, tried(tenant), "a row written within 5 seconds is left as it is");
        assertEquals("1", db.single("SELECT count(*)::text FROM webhook_tenant_tries WHERE tenant_id = ?", tenant));
    }

    private static String tried(UUID tenant) throws SQLException {
        return db.single("SELECT tried_at::text FROM webhook_tenant_tries WHERE tenant_id = ?", tenant);
    }

    /** A lane that ran dry claims for its own tenant: the others' due deliveries wait for the round of every tenant. */
    @Test
    void aClaimForNamedTenantsLeavesTheOtherTenantsDeliveriesDue() throws SQLException {
        UUID named = db.tenant(owner()).tenantId();
        UUID other = db.tenant(owner()).tenantId();
        UUID mine = delivery(db.endpoint(named, "[\"*\"]", true), db.emit(named, "webhook.test"));
        UUID theirs = delivery(db.endpoint(other, "[\"*\"]", true), db.emit(other, "webhook.test"));
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(named), Set.of(), 100);
            assertEquals(Set.of(named), claimed.stream().map(ClaimedDelivery::tenantId).collect(Collectors.toSet()));
            assertTrue(claimed.stream().anyMatch(d -> d.id().equals(mine)));
            assertEquals("sending", status(mine));
            assertEquals("pending", status(theirs));
            for (ClaimedDelivery delivery : claimed) {
                dispatch.release(c, delivery);
            }
        }
        List<ClaimedDelivery> sent = run(answer(200, Optional.empty()));
        assertTrue(sent.stream().anyMatch(d -> d.id().equals(theirs)), "the round of every tenant takes the other's");
        assertEquals("succeeded", status(theirs));
    }

    @Test
    void aFailureIsRetriedOnTheScheduleAndRetryAfterIsHonoured() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));

        run(answer(503, Optional.of(Duration.ofSeconds(30))));

        assertEquals("pending", status(delivery));
        String wait = db.single("SELECT round(extract(epoch FROM next_attempt_at - first_attempt_at))::text "
                + "FROM webhook_deliveries WHERE id = ?", delivery);
        assertTrue(Integer.parseInt(wait) >= 29 && Integer.parseInt(wait) <= 31, wait);
        assertEquals("1", db.single("SELECT attempts::text FROM webhook_deliveries WHERE id = ?", delivery));
    }

    /**
     * A receiver that answers a byte at a time, never slowly enough for a read timeout, is cut off at the
     * exchange deadline (N2, 2 s here for 30 s): the lane is free again, the try is recorded as a timeout and
     * the delivery is retried on the schedule, and then delivered.
     */
    @Test
    void aTricklingReceiverIsCutOffAtTheDeadlineRecordedAsATimeoutAndRetried() throws Exception {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        try (TricklingReceiver trickler = TricklingReceiver.start(TricklingReceiver.TRICKLED_BODY, 20);
                OutboundClient client = new OutboundClient(
                        new PublicUrlGuard(HostResolver.dns(), List.of(trickler.authority()), false),
                        new OutboundLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 65_536, 0))) {
            db.single("UPDATE webhook_endpoints SET url = ? WHERE id = ?", trickler.url("/hook"), endpoint);
            UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));
            String secret = SigningSecret.generate();

            run(new Sender(client, sealed -> secret, Clock.systemUTC())::send);

            assertTrue(trickler.hungUpBeforeTheEnd(), "the delivery must let go of the receiver, not wait it out");
            assertEquals("pending", status(delivery));
            assertEquals("OutboundTimeout: no complete answer within 2000 ms",
                    db.single("SELECT error FROM webhook_attempts WHERE delivery_id = ?", delivery));
            assertNull(db.single("SELECT status_code FROM webhook_attempts WHERE delivery_id = ?", delivery));
            assertEquals("1", db.single("SELECT attempts::text FROM webhook_deliveries WHERE id = ?", delivery));

            db.single("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ?", delivery);
            run(answer(200, Optional.empty()));

            assertEquals("succeeded", status(delivery));
            assertEquals("2", db.single("SELECT count(*)::text FROM webhook_attempts WHERE delivery_id = ?", delivery));
        }
    }

    /**
     * A receiver whose chunk header holds a NUL makes HttpClient fail with that NUL in its message, which PostgreSQL
     * refuses in text: the try was never recorded, nor the tries recorded with it, and was claimed and sent again for
     * ever after each lease, never given up (W3) nor counted towards a failing endpoint (W4). The error is now written
     * out: the try is recorded once, retried after 1 s, and the other endpoint's success of the same batch lands.
     */
    @Test
    void aNulInTheReceiversAnswerIsRecordedWrittenOutWithTheOtherTriesOfItsBatch() throws Exception {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID other = db.endpoint(tenant, "[\"*\"]", true);
        try (TricklingReceiver receiver = TricklingReceiver.start(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\0\r\n", 1);
                OutboundClient client = new OutboundClient(
                        new PublicUrlGuard(HostResolver.dns(), List.of(receiver.authority()), false),
                        new OutboundLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 65_536, 0))) {
            db.single("UPDATE webhook_endpoints SET url = ? WHERE id = ?", receiver.url("/hook"), endpoint);
            UUID event = db.emit(tenant, "webhook.test");
            UUID broken = delivery(endpoint, event);
            UUID fine = delivery(other, event);
            String secret = SigningSecret.generate();
            Sender sender = new Sender(client, sealed -> secret, Clock.systemUTC());
            Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);

            try (Connection c = db.app()) {
                List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(tenant), Set.of(), 10);
                assertEquals(2, claimed.size());
                List<Dispatch.Tried> tries = claimed.stream().map(d -> new Dispatch.Tried(d,
                        d.id().equals(broken) ? sender.send(d) : answer(200, Optional.empty()).apply(d))).toList();
                assertEquals(2, dispatch.record(c, tenant, tries), "both tries recorded, in one transaction");
            }

            assertEquals("MalformedChunkCodingException: Bad chunk header: z\\u0000",
                    db.single("SELECT error FROM webhook_attempts WHERE delivery_id = ?", broken));
            assertEquals("pending 1 1", db.single("SELECT status || ' ' || attempts || ' ' || round(extract(epoch FROM "
                    + "next_attempt_at - first_attempt_at)) FROM webhook_deliveries WHERE id = ?", broken));
            assertEquals("succeeded", status(fine));
        }
    }

    /**
     * A signing secret no key opens (written under a key since taken out of FERNET_KEYS) fails the try without
     * sending it, and the failure is recorded and retried like any other, so the delivery is given up in time
     * (W3, W4). Thrown, as before, it was never recorded and the delivery was claimed again for ever.
     */
    @Test
    void aSecretNoKeyOpensIsRecordedAsAFailedTryAndNothingIsSent() throws Exception {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        try (TricklingReceiver receiver = TricklingReceiver.start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1);
                OutboundClient client = new OutboundClient(
                        new PublicUrlGuard(HostResolver.dns(), List.of(receiver.authority()), false),
                        new OutboundLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 65_536, 0))) {
            String sealed = new KeyRing(KeyRing.generateKey()).encrypt(SigningSecret.generate());
            db.single("UPDATE webhook_endpoints SET url = ?, secret = ? WHERE id = ?", receiver.url("/hook"), sealed,
                    endpoint);
            UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));
            KeyRing otherKeys = new KeyRing(KeyRing.generateKey());

            run(new Sender(client, otherKeys::decrypt, Clock.systemUTC())::send);

            assertEquals("pending 1", db.single("SELECT status || ' ' || attempts FROM webhook_deliveries WHERE id = ?",
                    delivery));
            assertEquals("signing secret cannot be opened",
                    db.single("SELECT error FROM webhook_attempts WHERE delivery_id = ?", delivery));
            assertEquals(0, receiver.bytesSent(), "nothing is sent unsigned");
        }
    }

    /**
     * The 24 hours run from the first try, not the first claim (W3): a delivery handed back untried (breaker, full
     * lane, half its lease gone) has no first try yet, and a recorded try sets it to its own time. The claim set it
     * before, so a delivery handed back for a while was given up early and with fewer tries.
     */
    @Test
    void theFirstTryNotTheFirstClaimStartsTheSchedule() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            ClaimedDelivery claimed = mine(dispatch.claim(c, List.of(tenant), Set.of(), 10), delivery);
            assertNull(claimed.firstAttemptAt());
            assertTrue(dispatch.release(c, claimed));
            assertNull(db.single("SELECT first_attempt_at FROM webhook_deliveries WHERE id = ?", delivery),
                    "handed back untried: no first try");

            ClaimedDelivery again = mine(dispatch.claim(c, List.of(tenant), Set.of(), 10), delivery);
            Instant tried = Instant.now().minusSeconds(7).truncatedTo(ChronoUnit.MICROS);
            Outcome failed = new Outcome(tried, 500, Duration.ofMillis(4), null, "down", Optional.empty());
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(again, failed))));
            assertEquals("true", db.single("SELECT (first_attempt_at = ?::timestamptz)::text FROM webhook_deliveries "
                    + "WHERE id = ?", tried.toString(), delivery), "the first try's own time");
        }
    }

    /**
     * A manual retry starts the schedule afresh (W3): a delivery given up after 14 tries and retried waits 1 s after
     * its next failed try, then 4 s, as a new one would, and keeps every attempt (W4). Counted from all its tries,
     * it waited 4 h (delay(15)) after the first try of the retry.
     */
    @Test
    void aRetriedDeliveryStartsItsScheduleAfreshAndKeepsItsAttempts() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));
        // Yesterday's schedule, given up after 14 tries; then the retry's change (WebhookDeliveries.retry).
        db.single("INSERT INTO webhook_attempts (id, tenant_id, delivery_id, attempted_at, status_code, latency_ms) "
                + "SELECT gen_random_uuid(), ?, ?, now() - interval '30 hours' + make_interval(hours => n), 500, 3 "
                + "FROM generate_series(1, 14) n", tenant, delivery);
        db.single("UPDATE webhook_deliveries SET status = 'failed', attempts = 14, last_status_code = 500, "
                + "first_attempt_at = now() - interval '29 hours' WHERE id = ?", delivery);
        db.single("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), first_attempt_at = NULL, "
                + "updated_at = now() WHERE id = ? AND status = 'failed'", delivery);

        Instant first = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tryAt(tenant, delivery, first);
        assertEquals("true 15", db.single("SELECT (next_attempt_at = ?::timestamptz)::text || ' ' || attempts "
                + "FROM webhook_deliveries WHERE id = ?", first.plusSeconds(1).toString(), delivery), "1 s after it");

        db.single("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ?", delivery);
        Instant second = first.plusSeconds(10);
        tryAt(tenant, delivery, second);
        assertEquals("true 16", db.single("SELECT (next_attempt_at = ?::timestamptz)::text || ' ' || attempts "
                + "FROM webhook_deliveries WHERE id = ?", second.plusSeconds(4).toString(), delivery), "then 4 s");
        assertEquals("16", db.single("SELECT count(*)::text FROM webhook_attempts WHERE delivery_id = ?", delivery));
    }

    /** Claims {@code delivery} and records a 500 for it, tried (and settled) at {@code at}. */
    private static void tryAt(UUID tenant, UUID delivery, Instant at) throws SQLException {
        Dispatch dispatch = new Dispatch(Clock.fixed(at, ZoneOffset.UTC), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            ClaimedDelivery claimed = mine(dispatch.claim(c, List.of(tenant), Set.of(), 10), delivery);
            Outcome failed = new Outcome(at, 500, Duration.ofMillis(4), null, "down", Optional.empty());
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(claimed, failed))));
        }
    }

    private static ClaimedDelivery mine(List<ClaimedDelivery> claimed, UUID delivery) {
        return claimed.stream().filter(d -> d.id().equals(delivery)).findFirst().orElseThrow();
    }

    @Test
    void aGivenUpDeliveryFailsItsEndpointAndTellsTheOwnersOncePerSpell() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        UUID first = delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
        UUID second = delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
        db.single("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE endpoint_id = ?",
                endpoint);

        run(answer(500, Optional.empty()));

        assertEquals("failed", status(first));
        assertEquals("failed", status(second));
        assertNotNull(db.single("SELECT failing_since FROM webhook_endpoints WHERE id = ?", endpoint));
        assertEquals("1", mailsTo(tenant.ownerId()));
    }

    /**
     * A receiver that fails some events and takes others ends a spell with each success and starts another with the
     * next give-up (V57): each spell shows, but the owners are told at most once a day per endpoint, and again at
     * once for another URL (broken once: a notice per spell, 3 not 1).
     */
    @Test
    void spellsBetweenSuccessesTellTheOwnersAtMostOnceADay() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX, new EndpointChanges());
        for (int spell = 0; spell < 3; spell++) {
            givenUp(endpoint, tenant.tenantId());
            recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
            assertNotNull(db.single("SELECT failing_since FROM webhook_endpoints WHERE id = ?", endpoint), "spell " + spell);
            delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
            recordFor(dispatch, tenant.tenantId(), answer(200, Optional.empty()));
            assertNull(db.single("SELECT failing_since FROM webhook_endpoints WHERE id = ?", endpoint), "spell " + spell);
        }
        assertEquals("1", mailsTo(tenant.ownerId()));

        db.single("UPDATE webhook_endpoints SET failing_noticed_at = failing_noticed_at - interval '24 hours'"
                + " WHERE id = ?", endpoint);
        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("2", mailsTo(tenant.ownerId()), "a day later the owners are told again");

        db.single("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/other' WHERE id = ?", endpoint);
        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("3", mailsTo(tenant.ownerId()), "another URL's spell is told at once");
    }

    /**
     * A spell that started inside the day's floor, untold (the receiver took one delivery after the last notice, then
     * died), is told by the first give-up once the floor has passed, and only by that one: until 2026-12-07 it stayed
     * untold for as long as it ran (a read-only review).
     */
    @Test
    void aSpellStartedInsideTheFloorIsToldOnceTheFloorHasPassed() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX, new EndpointChanges());
        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
        recordFor(dispatch, tenant.tenantId(), answer(200, Optional.empty()));
        assertEquals("1", mailsTo(tenant.ownerId()));

        db.single("UPDATE webhook_endpoints SET failing_noticed_at = failing_noticed_at - interval '1 hour'"
                + " WHERE id = ?", endpoint);
        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        String since = db.single("SELECT failing_since::text FROM webhook_endpoints WHERE id = ?", endpoint);
        assertNotNull(since, "the second spell runs");
        assertEquals("1", mailsTo(tenant.ownerId()), "inside the floor: untold");

        db.single("UPDATE webhook_endpoints SET failing_noticed_at = failing_noticed_at - interval '24 hours'"
                + " WHERE id = ?", endpoint);
        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("2", mailsTo(tenant.ownerId()), "the floor passed: the running spell is told");
        assertEquals(since, db.single("SELECT failing_since::text FROM webhook_endpoints WHERE id = ?", endpoint),
                "the spell goes on from where it began");

        givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("2", mailsTo(tenant.ownerId()), "a told spell is not told again");
    }

    /**
     * The mail dispatcher hears of the failing notices a recording queued once its transaction has committed, so it
     * sends them at once rather than at its next trigger: told once by the recording that started the spell, when the
     * notice is already visible to other connections; not by a recording inside the spell, nor by a retry.
     */
    @Test
    void theNoticesARecordingQueuedAreAnnouncedOnceItHasCommitted() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        List<String> heard = new ArrayList<>();
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX, new EndpointChanges(), () -> {
            try {
                heard.add(mailsTo(tenant.ownerId()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        UUID first = givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("failed", status(first));
        assertEquals(List.of("1"), heard, "announced once, after the notice committed");

        UUID second = givenUp(endpoint, tenant.tenantId());
        UUID retried = delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("failed", status(second));
        assertEquals("pending", status(retried));
        assertEquals(List.of("1"), heard, "the spell runs: nothing queued, nobody told");
    }

    /** An announcement that fails is logged, not thrown: the marks and the notice are committed, and stay. */
    @Test
    void anAnnouncementThatFailsLeavesTheRecordingAsItCommitted() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX, new EndpointChanges(), () -> {
            throw new IllegalStateException("no mail dispatcher");
        });
        UUID delivery = givenUp(endpoint, tenant.tenantId());
        recordFor(dispatch, tenant.tenantId(), answer(500, Optional.empty()));
        assertEquals("failed", status(delivery));
        assertEquals("1", mailsTo(tenant.ownerId()));
    }

    private static UUID givenUp(UUID endpoint, UUID tenant) throws SQLException {
        UUID delivery = delivery(endpoint, db.emit(tenant, "webhook.test"));
        db.single("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE id = ?", delivery);
        return delivery;
    }

    /** Claims {@code tenant}'s due deliveries and records each try on its own, as a lane does. */
    private static void recordFor(Dispatch dispatch, UUID tenant, Function<ClaimedDelivery, Outcome> sender)
            throws SQLException {
        try (Connection c = db.app()) {
            for (ClaimedDelivery delivery : dispatch.claim(c, List.of(tenant), Set.of(), 100)) {
                dispatch.record(c, tenant, List.of(new Dispatch.Tried(delivery, sender.apply(delivery))));
            }
        }
    }

    /**
     * A new URL or an enabling starts the failing spell afresh (V51): the spell of the URL the tenant moved away from,
     * or of the receiver before the pause, ends with the change. A rotation of the secrets and a disabling leave it
     * running: the receiver and its address are the same. Broken once: with the trigger leaving failing_since alone,
     * the re-pointed endpoint stayed failing.
     */
    @Test
    void aNewUrlOrAnEnablingStartsTheFailingSpellAfreshARotationDoesNot() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        db.single("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ?", endpoint);

        db.single("UPDATE webhook_endpoints SET secret = 'rotated', previous_secret = secret, "
                + "previous_secret_until = now() + interval '1 day' WHERE id = ?", endpoint);
        assertNotNull(failingSince(endpoint), "a rotation leaves the spell running");
        try (Connection c = db.app()) {
            enable(c, tenant, endpoint, false);
        }
        assertNotNull(failingSince(endpoint), "so does a disabling");
        try (Connection c = db.app()) {
            enable(c, tenant, endpoint, true);
        }
        assertNull(failingSince(endpoint), "an enabling starts afresh");
        assertEquals("true", db.single("SELECT (spell_generation = generation)::text FROM webhook_endpoints "
                + "WHERE id = ?", endpoint));

        db.single("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ?", endpoint);
        db.single("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/moved' WHERE id = ?", endpoint);
        assertNull(failingSince(endpoint), "a new URL starts afresh");
        assertEquals("true", db.single("SELECT (spell_generation = generation)::text FROM webhook_endpoints "
                + "WHERE id = ?", endpoint));
    }

    /**
     * A try whose claim read the endpoint before its URL changed went to the old URL: given up, it starts no spell of
     * the new one (whose URL the e-mail would name), and a success there ends none. A claim read before a rotation
     * counts: the receiver is the same. Broken once each: with the spell's start not bound to the claim's generation,
     * the old URL's failure started one and mailed the owner; with its end not bound, the old URL's success ended the
     * new one's.
     */
    @Test
    void aTryClaimedBeforeTheUrlChangedNeitherStartsNorEndsTheSpellOfTheNewOne() throws SQLException {
        TenantProvisioning.Provisioned owner = db.tenant(owner());
        UUID tenant = owner.tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID late = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID recovered = delivery(endpoint, db.emit(tenant, "webhook.test"));
        db.single("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE id = ?", late);
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(tenant), Set.of(), 10);
            db.single("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/moved' WHERE id = ?", endpoint);

            ClaimedDelivery failedThere = mine(claimed, late);
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(failedThere,
                    answer(500, Optional.empty()).apply(failedThere)))));
            assertEquals("failed", status(late), "given up: its 24 hours are its own");
            assertNull(failingSince(endpoint), "no spell of the new URL");
            assertEquals("0", mailsTo(owner.ownerId()));

            db.single("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ?", endpoint);
            ClaimedDelivery succeededThere = mine(claimed, recovered);
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(succeededThere,
                    answer(200, Optional.empty()).apply(succeededThere)))));
            assertNotNull(failingSince(endpoint), "the old URL's success ends no spell of the new one");
        }

        db.single("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?", endpoint);
        UUID rotated = delivery(endpoint, db.emit(tenant, "webhook.test"));
        db.single("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE id = ?", rotated);
        try (Connection c = db.app()) {
            ClaimedDelivery claimed = mine(dispatch.claim(c, List.of(tenant), Set.of(), 10), rotated);
            db.single("UPDATE webhook_endpoints SET secret = 'rotated', previous_secret = secret, "
                    + "previous_secret_until = now() + interval '1 day' WHERE id = ?", endpoint);
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(claimed,
                    answer(500, Optional.empty()).apply(claimed)))));
        }
        assertNotNull(failingSince(endpoint), "a claim read before a rotation counts");
        assertEquals("1", mailsTo(owner.ownerId()));
    }

    private static String failingSince(UUID endpoint) throws SQLException {
        return db.single("SELECT failing_since::text FROM webhook_endpoints WHERE id = ?", endpoint);
    }

    @Test
    void eachOwnerGetsTheirOwnUnsubscribeLinkAndAnOwnerWhoUsedItIsNotTold() throws SQLException {
        TenantProvisioning.Provisioned tenant = db.tenant(owner());
        UUID second = UUID.randomUUID();
        db.single("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Second', 'owner')",
                second, tenant.tenantId(), owner());
        UUID stopped = UUID.randomUUID();
        db.single("INSERT INTO users (id, tenant_id, email, name, role) VALUES (?, ?, ?, 'Stopped', 'owner')",
                stopped, tenant.tenantId(), owner());
        db.single("INSERT INTO email_opt_outs (tenant_id, user_id, list) VALUES (?, ?, 'notifications')",
                tenant.tenantId(), stopped);
        UUID endpoint = db.endpoint(tenant.tenantId(), "[\"*\"]", true);
        delivery(endpoint, db.emit(tenant.tenantId(), "webhook.test"));
        db.single("UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours' WHERE endpoint_id = ?",
                endpoint);

        run(answer(500, Optional.empty()));

        assertEquals("1", mailsTo(tenant.ownerId()));
        assertEquals("0", mailsTo(stopped), "an owner who unsubscribed is not told");
        OutgoingMail notice = mailTo(second);
        String link = notice.unsubscribeUrl();
        UnsubscribeToken token = LINKS.tokens().verify(link.substring(link.indexOf("token=") + 6));
        assertEquals(new UnsubscribeToken(tenant.tenantId(), second, MailList.NOTIFICATIONS, token.issuedAt()), token);
        assertTrue(link.contains("/" + UnsubscribeLinks.PATH + "?token="), link);
        assertTrue(notice.body().contains(link.replace(UnsubscribeLinks.PATH, UnsubscribeLinks.PAGE)),
                "the body links to the console's page with the same token, for readers whose client shows no button");
    }

    @Test
    void aGoneReceiverDisablesItsEndpointAndIsNotClaimedAgain() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID gone = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID waiting = delivery(endpoint, db.emit(tenant, "webhook.test"));
        db.single("UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE id = ?", waiting);
        run(answer(410, Optional.empty()));
        db.single("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ?", waiting);
        UUID later = db.emit(tenant, "webhook.test");

        List<ClaimedDelivery> after = run(answer(200, Optional.empty()));

        assertEquals("failed", status(gone));
        assertEquals("false", db.single("SELECT enabled::text FROM webhook_endpoints WHERE id = ?", endpoint));
        assertEquals("held", status(waiting), "a disabled endpoint's deliveries are held, unclaimed");
        assertEquals("0", deliveries(endpoint, later), "a disabled endpoint gets no new deliveries");
        assertTrue(after.stream().noneMatch(d -> d.endpointId().equals(endpoint)));
    }

    @Test
    void concurrentClaimsTakeDisjointRowsAndAnExpiredLeaseFreesARow() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        for (int i = 0; i < 3; i++) {
            db.emit(tenant, "webhook.test");
        }
        try (Connection a = db.app(); Connection b = db.app()) {
            a.setAutoCommit(false);
            TenantScope.enter(a, tenant);
            List<ClaimedDelivery> first = new DeliveryRows().claim(a, 2, Duration.ofMinutes(2));
            List<ClaimedDelivery> second = TenantTransactions.inTenant(b, tenant, tx -> new DeliveryRows().claim(tx, 10, Duration.ofMinutes(2)));
            a.commit();
            assertEquals(2, first.stream().filter(d -> d.endpointId().equals(endpoint)).count());
            assertEquals(1, second.stream().filter(d -> d.endpointId().equals(endpoint)).count());
            assertTrue(second.stream().noneMatch(d -> first.stream().anyMatch(f -> f.id().equals(d.id()))));

            assertEquals(0, TenantTransactions.inTenant(b, tenant, tx -> new DeliveryRows().claim(tx, 10, Duration.ofMinutes(2)))
                    .stream().filter(d -> d.endpointId().equals(endpoint)).count(), "leased rows stay claimed");
            UUID leased = first.get(0).id();
            db.single("UPDATE webhook_deliveries SET claimed_until = now() - interval '1 second' WHERE id = ?", leased);
            List<ClaimedDelivery> retaken = TenantTransactions.inTenant(b, tenant, tx -> new DeliveryRows().claim(tx, 10, Duration.ofMinutes(2)));
            assertEquals(List.of(leased), retaken.stream().map(ClaimedDelivery::id).toList());
            // Both marks in the tenant's scope (outside it row-level security hides every row, and no mark lands).
            DeliveryRows.Mark stale = new DeliveryRows.Mark(first.get(0), answer(200, Optional.empty()).apply(first.get(0)),
                    "succeeded", Instant.now(), true);
            assertFalse(TenantTransactions.inTenant(b, tenant, tx -> new DeliveryRows().record(tx, List.of(stale)))[0],
                    "the first claim lost the row: its mark must not land");
            DeliveryRows.Mark current = new DeliveryRows.Mark(retaken.get(0), answer(200, Optional.empty())
                    .apply(retaken.get(0)), "succeeded", Instant.now(), true);
            assertTrue(TenantTransactions.inTenant(b, tenant, tx -> new DeliveryRows().record(tx, List.of(current)))[0],
                    "the claim that took the row over marks it");
            assertEquals("succeeded", status(leased));
        }
    }

    /**
     * A disabled endpoint's deliveries are held, out of the due index: 5,000 of them (tenant A's, due before anything
     * else) are not read by a claim for A's other endpoint or for tenant B, nor by the look-up of the tenants with due
     * deliveries or the status page's backlog, which both read every due delivery of every tenant; enabling the
     * endpoint puts them back, due, and the next claim sends them. Before V43 they stayed pending: every look-up read all 5,000, every round of every
     * instance, only to drop them at the join to their disabled endpoint (broken once: without the holding trigger the
     * look-up read 5,000 rows and the backlog as many).
     */
    @Test
    void aDisabledEndpointsDeliveriesAreHeldOutOfEveryRoundAndSentOnceItIsEnabled() throws SQLException {
        UUID a = db.tenant(owner()).tenantId();
        UUID b = db.tenant(owner()).tenantId();
        UUID endpointA = db.endpoint(a, "[\"*\"]", true);
        db.single("INSERT INTO webhook_events (id, tenant_id, type, payload) SELECT gen_random_uuid(), ?, "
                + "'webhook.test', '{}' FROM generate_series(1, 5000)", a);
        db.single("INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, next_attempt_at) "
                + "SELECT gen_random_uuid(), tenant_id, ?, id, now() - interval '1 day' - make_interval(secs => "
                + "row_number() OVER ()) FROM webhook_events WHERE tenant_id = ?", endpointA, a);
        UUID mine = delivery(db.endpoint(b, "[\"*\"]", true), db.emit(b, "webhook.test"));
        UUID otherOfA = db.endpoint(a, "[\"*\"]", true);
        UUID stillSent = delivery(otherOfA, TenantTransactions.inTenant(db.app(), a,
                tx -> new EventRows().emit(tx, "webhook.test", "{}", otherOfA)));
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            enable(c, a, endpointA, false);
            // The statistics of a table whose rows have been as they are for a while (autovacuum analyses it).
            db.single("ANALYZE webhook_deliveries");

            c.setAutoCommit(false);
            long before = rowsRead(c, "webhook_deliveries");
            List<UUID> due = dispatch.dueTenants(c);
            long lookUp = rowsRead(c, "webhook_deliveries") - before;
            c.commit();
            assertTrue(due.containsAll(List.of(a, b)), due.toString());
            assertTrue(lookUp < 100, lookUp + " deliveries read to find the tenants with due deliveries");
            before = rowsRead(c, "webhook_deliveries");
            try (PreparedStatement backlog = c.prepareStatement("SELECT status_webhook_backlog_seconds()")) {
                backlog.executeQuery().close();
            }
            long backlog = rowsRead(c, "webhook_deliveries") - before;
            c.commit();
            assertTrue(backlog < 100, backlog + " deliveries read for the status page's backlog");
            c.setAutoCommit(true);
            for (UUID[] tenantAndDelivery : new UUID[][] {{a, stillSent}, {b, mine}}) {
                record Claim(List<ClaimedDelivery> deliveries, long read) {
                }
                Claim claim = TenantTransactions.inTenant(c, tenantAndDelivery[0], tx -> {
                    long read = rowsRead(tx, "webhook_deliveries");
                    List<ClaimedDelivery> claimed = new DeliveryRows().claim(tx, 64, Duration.ofMinutes(2));
                    return new Claim(claimed, rowsRead(tx, "webhook_deliveries") - read);
                });
                assertEquals(List.of(tenantAndDelivery[1]), claim.deliveries().stream().map(ClaimedDelivery::id).toList());
                assertTrue(claim.read() < 100, claim.read() + " deliveries read to claim one of " + tenantAndDelivery[0]);
                dispatch.release(c, claim.deliveries().get(0));
            }
            assertEquals("5000", db.single("SELECT count(*)::text FROM webhook_deliveries WHERE endpoint_id = ? "
                    + "AND status = 'held'", endpointA));

            enable(c, a, endpointA, true);
            assertTrue(dispatch.dueTenants(c).contains(a), "enabled, its deliveries are due again");
            List<ClaimedDelivery> sent = dispatch.claim(c, List.of(a), Set.of(), 64);
            assertEquals(64, sent.size());
            for (ClaimedDelivery delivery : sent) {
                assertEquals(endpointA, delivery.endpointId());
                dispatch.record(c, a, List.of(new Dispatch.Tried(delivery, answer(200, Optional.empty()).apply(delivery))));
            }
            assertEquals("64 4936", db.single("SELECT count(*) FILTER (WHERE status = 'succeeded') || ' ' || "
                    + "count(*) FILTER (WHERE status = 'pending') FROM webhook_deliveries WHERE endpoint_id = ?", endpointA));
        } finally {
            db.single("UPDATE webhook_endpoints SET enabled = false WHERE id = ?", endpointA);
        }
    }

    /**
     * Whoever would make a disabled endpoint's delivery pending holds it instead: a try recorded after the endpoint was
     * disabled (as the other tries of a batch are after a 410), a claim handed back, a test event; enabling puts each
     * back (broken once: without the delivery trigger the try and the released claim were pending).
     */
    @Test
    void aDisabledEndpointsDeliveryIsHeldWhoeverWouldMakeItPending() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID tried = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID handedBack = delivery(endpoint, db.emit(tenant, "webhook.test"));
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(tenant), Set.of(), 10);
            assertEquals(Set.of(tried, handedBack), claimed.stream().map(ClaimedDelivery::id).collect(Collectors.toSet()));
            enable(c, tenant, endpoint, false);
            for (ClaimedDelivery delivery : claimed) {
                if (delivery.id().equals(tried)) {
                    dispatch.record(c, tenant, List.of(new Dispatch.Tried(delivery,
                            answer(500, Optional.empty()).apply(delivery))));
                } else {
                    dispatch.release(c, delivery);
                }
            }
            UUID test = TenantTransactions.inTenant(c, tenant, tx -> new EventRows().emit(tx, "webhook.test", "{}", endpoint));
            UUID tested = delivery(endpoint, test);
            for (UUID delivery : List.of(tried, handedBack, tested)) {
                assertEquals("held", status(delivery));
            }

            enable(c, tenant, endpoint, true);
            for (UUID delivery : List.of(tried, handedBack, tested)) {
                assertEquals("pending", status(delivery));
            }
            assertEquals("1", db.single("SELECT attempts::text FROM webhook_deliveries WHERE id = ?", tried));
        }
    }

    /**
     * A 410 disables its endpoint only as the delivery's claim read it. Answered by the URL the endpoint was moved away
     * from while the request was on the wire, it is a failed try like any other, retried at the new URL: the receiver
     * at the old URL cannot disable the endpoint. Answered by the endpoint as claimed, it disables it, and the lanes
     * learn of it as it commits, so that the endpoint's other claimed deliveries are not sent. Broken once each: with
     * the disabling not bound to the claim's generation the old URL's 410 disabled the endpoint; with the lanes not
     * told, the other claimed delivery was still current.
     */
    @Test
    void aGoneAnswerDisablesTheEndpointOnlyAsItsClaimReadItAndTellsTheLanes() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        UUID first = delivery(endpoint, db.emit(tenant, "webhook.test"));
        delivery(endpoint, db.emit(tenant, "webhook.test"));
        EndpointChanges changes = new EndpointChanges();
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX, changes);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(tenant), Set.of(), 10);
            assertEquals(2, claimed.size());
            ClaimedDelivery moved = claimed.stream().filter(d -> d.id().equals(first)).findFirst().orElseThrow();
            db.single("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/moved' WHERE id = ?", endpoint);

            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(moved,
                    answer(410, Optional.empty()).apply(moved)))));

            assertEquals("true", db.single("SELECT enabled::text FROM webhook_endpoints WHERE id = ?", endpoint));
            assertEquals("pending", status(first), "retried on the schedule");
            claimed.stream().filter(d -> !d.id().equals(first)).forEach(d -> release(dispatch, c, d));
            db.single("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ?", first);

            List<ClaimedDelivery> again = dispatch.claim(c, List.of(tenant), Set.of(), 10);
            assertEquals(2, again.size());
            assertFalse(changes.outdated(again.get(0)));
            assertEquals(1, dispatch.record(c, tenant, List.of(new Dispatch.Tried(again.get(0),
                    answer(410, Optional.empty()).apply(again.get(0))))));

            assertEquals("false", db.single("SELECT enabled::text FROM webhook_endpoints WHERE id = ?", endpoint));
            assertEquals("failed", status(again.get(0).id()));
            assertTrue(changes.outdated(again.get(1)), "the endpoint's other claimed delivery is not sent");
        }
    }

    /**
     * The sweep holds what V43's triggers could not: a delivery fanned out by a transaction that committed just after
     * its endpoint was disabled (left pending), and one whose sender died while the endpoint was disabled (left
     * sending, its lease run out). A delivery still under a live claim, and an enabled endpoint's, are left alone;
     * enabling the endpoint puts the held ones back. Broken once: without the sweep both stayed due, passed over by
     * every claim.
     */
    @Test
    void theSweepHoldsTheDueDeliveriesOfADisabledEndpointThatTheTriggersCouldNot() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"webhook.test\"]", true);
        UUID enabled = db.endpoint(tenant, "[\"end_user.created\"]", true);
        UUID fannedOut = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID abandoned = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID claimed = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID other = delivery(enabled, db.emit(tenant, "end_user.created"));
        db.single("UPDATE webhook_deliveries SET status = 'sending', claim_id = gen_random_uuid(), "
                + "claimed_until = now() - interval '1 second' WHERE id = ?", abandoned);
        db.single("UPDATE webhook_deliveries SET status = 'sending', claim_id = gen_random_uuid(), "
                + "claimed_until = now() + interval '2 minutes' WHERE id = ?", claimed);
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            enable(c, tenant, endpoint, false);
            // As the fan-out leaves it that read the endpoint enabled and committed after the disabling.
            db.single("UPDATE webhook_deliveries SET status = 'pending' WHERE id = ?", fannedOut);
            assertEquals("pending", status(fannedOut));
            assertEquals("sending", status(abandoned));

            assertTrue(dispatch.holdStrays(c) >= 2);

            assertEquals("held", status(fannedOut));
            assertEquals("held", status(abandoned));
            assertEquals("sending", status(claimed), "a live claim is its sender's");
            assertEquals("pending", status(other));
            assertNull(db.single("SELECT claim_id FROM webhook_deliveries WHERE id = ?", abandoned));
            enable(c, tenant, endpoint, true);
            assertEquals("pending", status(fannedOut));
            assertEquals("pending", status(abandoned));
            // What is left due is claimed by no later test.
            db.single("UPDATE webhook_endpoints SET enabled = false WHERE tenant_id = ?", tenant);
        }
    }

    /**
     * The other way round (V50): a delivery held under an endpoint that is enabled, as a hand-back that read the endpoint
     * disabled leaves it when it commits after the enabling (whose trigger had put the endpoint's held deliveries back
     * already), is put back due by the sweep; a disabled endpoint's held delivery stays held. Broken once: without the
     * put-back it stayed held, sent by nobody.
     */
    @Test
    void theSweepPutsBackADeliveryHeldUnderAnEnabledEndpoint() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"webhook.test\"]", true);
        UUID disabled = db.endpoint(tenant, "[\"end_user.created\"]", true);
        UUID stranded = delivery(endpoint, db.emit(tenant, "webhook.test"));
        UUID rightlyHeld = delivery(disabled, db.emit(tenant, "end_user.created"));
        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
        try (Connection c = db.app()) {
            enable(c, tenant, disabled, false);
            assertEquals("held", status(rightlyHeld));
            // As the hand-back that read the endpoint disabled leaves it, committed after the enabling.
            db.single("UPDATE webhook_deliveries SET status = 'held' WHERE id = ?", stranded);

            assertTrue(dispatch.holdStrays(c) >= 1);

            assertEquals("pending", status(stranded), "due again under its enabled endpoint");
            assertEquals("held", status(rightlyHeld), "a disabled endpoint's stays held");
            // What is left due is claimed by no later test.
            db.single("UPDATE webhook_endpoints SET enabled = false WHERE tenant_id = ?", tenant);
        }
    }

    private static void release(Dispatch dispatch, Connection c, ClaimedDelivery delivery) {
        try {
            assertTrue(dispatch.release(c, delivery));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A claim reads the rows it claims by their keys, not every delivery of its tenant, and answers them in due order.
     * Claiming 64 of a tenant's 5,000 due deliveries (stored in the reverse of their due order, the tenant holding the
     * table, the events' statistics older than the tenant's events) reads at most four rows of
     * {@code webhook_deliveries} a claimed one (two by key) and one event each. Joined to the due rows (before 2026-12-04),
     * the planner read every delivery of the tenant to join them with the 64 it took, through a sequential scan or one
     * look-up per event of the tenant, by the statistics of the moment: 5,000 and more rows a claim, in every claim of a
     * drain (bench/webhooks), answered in the order they were read. Updated by key but joined to the events (until
     * 2026-12-05), it read 5,068 deliveries when the events' statistics predated the tenant's events, and 5,000 events
     * once the deliveries were read by key but the events still joined.
     */
    @Test
    void aClaimReadsTheRowsItClaimsByKeyAndAnswersThemInDueOrder() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        try {
            holdTheTable(tenant, endpoint);
            String firstDue = db.single("SELECT string_agg(id::text, ',' ORDER BY next_attempt_at) FROM (SELECT id, "
                    + "next_attempt_at FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY next_attempt_at LIMIT 64) f",
                    endpoint);

            try (Connection c = db.app()) {
                record Claim(List<ClaimedDelivery> deliveries, long deliveriesRead, long eventsRead) {
                }
                Claim claim = TenantTransactions.inTenant(c, tenant, tx -> {
                    long deliveries = rowsRead(tx, "webhook_deliveries");
                    long events = rowsRead(tx, "webhook_events");
                    List<ClaimedDelivery> claimed = new DeliveryRows().claim(tx, 64, Duration.ofMinutes(2));
                    return new Claim(claimed, rowsRead(tx, "webhook_deliveries") - deliveries,
                            rowsRead(tx, "webhook_events") - events);
                });
                assertEquals(firstDue, claim.deliveries().stream().map(d -> d.id().toString())
                        .collect(Collectors.joining(",")));
                assertTrue(claim.deliveriesRead() <= 4 * 64, claim.deliveriesRead() + " deliveries read to claim 64 of 5,000");
                assertTrue(claim.eventsRead() <= 64, claim.eventsRead() + " events read to claim 64 of 5,000");
            }
        } finally {
            releaseTheTable(endpoint);
        }
    }

    /**
     * Tries recorded together (one transaction, one batch of marks) land as each would alone: a success, a retry and
     * a try whose claim was lost meanwhile, which writes nothing and is not counted; each attempt row and the retry's
     * next attempt carry that try's own values, to the microsecond.
     */
    @Test
    void triesRecordedTogetherLandAsEachWouldAloneAndALostClaimWritesNothing() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        for (int i = 0; i < 3; i++) {
            db.emit(tenant, "webhook.test");
        }
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T20:00:00.654321Z"), ZoneOffset.UTC);
        Dispatch dispatch = new Dispatch(clock, LINKS, OUTBOX);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = dispatch.claim(c, List.of(tenant), Set.of(), 10).stream()
                    .filter(d -> d.endpointId().equals(endpoint)).toList();
            assertEquals(3, claimed.size());
            ClaimedDelivery lost = claimed.get(2);
            db.single("UPDATE webhook_deliveries SET claimed_until = now() - interval '1 second' WHERE id = ?", lost.id());
            assertEquals(List.of(lost.id()), TenantTransactions.inTenant(c, tenant,
                    tx -> new DeliveryRows().claim(tx, 10, Duration.ofMinutes(2))).stream().map(ClaimedDelivery::id).toList());

            Outcome ok = new Outcome(Instant.parse("2026-12-04T19:59:58.123456Z"), 200, Duration.ofMillis(7), null,
                    "fine", Optional.empty());
            // What a receiver answers reaches the array literal as it is: quotes, braces, commas, backslashes, "NULL".
            String answered = "{\"retry\": \"later, \\\"maybe\\\"\"} NULL \\ é";
            Outcome busy = new Outcome(Instant.parse("2026-12-04T19:59:59.000001Z"), 503, Duration.ofMillis(9),
                    "busy", answered, Optional.of(Duration.ofSeconds(90)));
            int marked = dispatch.record(c, tenant, List.of(new Dispatch.Tried(claimed.get(0), ok),
                    new Dispatch.Tried(claimed.get(1), busy), new Dispatch.Tried(lost, ok)));

            assertEquals(2, marked);
            assertEquals("succeeded", status(claimed.get(0).id()));
            assertEquals("pending", status(claimed.get(1).id()));
            assertEquals("sending", status(lost.id()), "still the second claim's");
            assertEquals("1 1 0", db.single("SELECT string_agg(attempts::text, ' ' ORDER BY attempts DESC) "
                    + "FROM webhook_deliveries WHERE endpoint_id = ?", endpoint));
            assertEquals("2", db.single("SELECT count(*)::text FROM webhook_attempts a JOIN webhook_deliveries d "
                    + "ON d.id = a.delivery_id WHERE d.endpoint_id = ?", endpoint));
            String attempt = "SELECT concat_ws(' ', to_char(attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
                    + "status_code, latency_ms, error, response_excerpt) FROM webhook_attempts WHERE delivery_id = ?";
            assertEquals("2026-12-04T19:59:58.123456 200 7 fine", db.single(attempt, claimed.get(0).id()));
            assertEquals("2026-12-04T19:59:59.000001 503 9 busy " + answered, db.single(attempt, claimed.get(1).id()));
            Instant retry = new RetrySchedule(clock).next(busy.attemptedAt(), 1, busy.retryAfter())
                    .orElseThrow();
            assertEquals("true 503", db.single("SELECT (next_attempt_at = ?::timestamptz)::text || ' ' || last_status_code "
                    + "FROM webhook_deliveries WHERE id = ?", retry.toString(), claimed.get(1).id()));
        }
    }

    /**
     * Tries recorded together find their rows by key: recording 64 tries of a tenant holding 5,000 deliveries (the
     * tenant holding the table, as in the claim's test above) reads at most four rows of {@code webhook_deliveries} a
     * try, with the planner steered to the hash join the statistics sometimes choose, and every mark lands. By key a
     * try reads two; the tries joined to the table alone read all of it (5,192 rows once without the steering, 5,256
     * with it, which counted the claim's rows too).
     */
    @Test
    void triesRecordedTogetherReadTheirRowsByKey() throws SQLException {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        try {
            holdTheTable(tenant, endpoint);
            try (Connection c = db.app()) {
                List<ClaimedDelivery> claimed = TenantTransactions.inTenant(c, tenant,
                        tx -> new DeliveryRows().claim(tx, 64, Duration.ofMinutes(2)));
                assertEquals(64, claimed.size());
                List<DeliveryRows.Mark> marks = claimed.stream().map(d -> new DeliveryRows.Mark(d,
                        answer(200, Optional.empty()).apply(d), "succeeded", Instant.now(), true)).toList();
                record Recorded(boolean[] landed, long rowsRead) {
                }
                Recorded recorded = TenantTransactions.inTenant(c, tenant, tx -> {
                    // The plan a join of the tries to the table takes when the statistics favour a hash join (seen with
                    // them alone, not every time): this transaction only.
                    try (PreparedStatement hash = tx.prepareStatement("SET LOCAL enable_nestloop = off")) {
                        hash.execute();
                    }
                    long before = rowsRead(tx, "webhook_deliveries");
                    boolean[] landed = new DeliveryRows().record(tx, marks);
                    return new Recorded(landed, rowsRead(tx, "webhook_deliveries") - before);
                });
                for (boolean landed : recorded.landed()) {
                    assertTrue(landed, "every mark lands");
                }
                assertTrue(recorded.rowsRead() <= 4 * 64, recorded.rowsRead() + " rows read to record 64 of 5,000");
            }
        } finally {
            releaseTheTable(endpoint);
        }
    }

    @Test
    void twoDispatchersRunningAtOnceTryEachDeliveryExactlyOnce() throws Exception {
        UUID tenant = db.tenant(owner()).tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        for (int i = 0; i < 60; i++) {
            db.emit(tenant, "webhook.test");
        }
        java.util.Map<UUID, Integer> tries = new java.util.concurrent.ConcurrentHashMap<>();
        Function<ClaimedDelivery, Outcome> slowReceiver = d -> {
            if (d.endpointId().equals(endpoint)) {
                tries.merge(d.id(), 1, Integer::sum);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer(200, Optional.empty()).apply(d);
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> instances = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                instances.add(pool.submit(() -> {
                    try (Connection c = db.app()) {
                        Dispatch dispatch = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);
                        while (runOnce(dispatch, c, slowReceiver) > 0) {
                            // each instance keeps claiming until nothing is due
                        }
                    }
                    return null;
                }));
            }
            for (var instance : instances) {
                instance.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("60", deliveriesWith(endpoint, "succeeded"));
        assertEquals(60, tries.size());
        assertTrue(tries.values().stream().allMatch(n -> n == 1), tries.toString());
        assertEquals("60", db.single("SELECT count(*)::text FROM webhook_attempts a JOIN webhook_deliveries d "
                + "ON d.id = a.delivery_id WHERE d.endpoint_id = ?", endpoint));
    }

    private static String deliveriesWith(UUID endpoint, String status) throws SQLException {
        return db.single("SELECT count(*)::text FROM webhook_deliveries WHERE endpoint_id = ? AND status = ?",
                endpoint, status);
    }

    private static List<ClaimedDelivery> run(Function<ClaimedDelivery, Outcome> sender) throws SQLException {
        List<ClaimedDelivery> sent = new ArrayList<>();
        try (Connection c = db.app()) {
            runOnce(new Dispatch(Clock.systemUTC(), LINKS, OUTBOX), c, d -> {
                sent.add(d);
                return sender.apply(d);
            });
        }
        return sent;
    }

    /** What one trigger of the dispatcher does, in one thread: claims a batch per tenant, sends, records. */
    static int runOnce(Dispatch dispatch, Connection c, Function<ClaimedDelivery, Outcome> sender) throws SQLException {
        int tried = 0;
        for (ClaimedDelivery delivery : dispatch.claim(c, Set.of())) {
            dispatch.record(c, delivery.tenantId(), List.of(new Dispatch.Tried(delivery, sender.apply(delivery))));
            tried++;
        }
        return tried;
    }

    /**
     * 5,000 due deliveries of {@code tenant} to {@code endpoint}, stored in the reverse of their due order, and the
     * tenant made to hold the table: as where one tenant holds nearly every delivery (the benchmark, a deployment with
     * one large customer), the planner then expects the tenant's rows to be the whole table. The statistics of the
     * events and the endpoints are taken before the events come, as autovacuum leaves them for a tenant whose events
     * came since its last run: the planner then expects the tenant to have next to no events (and once drove a claim
     * from them, looking up a delivery for each of the tenant's 5,000 events: CI of 79456d5, where autovacuum had run
     * at that moment).
     */
    private static void holdTheTable(UUID tenant, UUID endpoint) throws SQLException {
        db.single("ANALYZE webhook_events, webhook_endpoints");
        db.single("INSERT INTO webhook_events (id, tenant_id, type, payload) SELECT gen_random_uuid(), ?, "
                + "'webhook.test', '{}' FROM generate_series(1, 5000)", tenant);
        db.single("INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, next_attempt_at) "
                + "SELECT gen_random_uuid(), tenant_id, ?, id, now() - make_interval(secs => row_number() OVER ()) "
                + "FROM webhook_events WHERE tenant_id = ?", endpoint, tenant);
        db.single("ALTER TABLE webhook_deliveries ALTER COLUMN tenant_id SET (n_distinct = 1)");
        db.single("ANALYZE webhook_deliveries");
    }

    /** Undoes {@link #holdTheTable}: what is left due is claimed by no later test, the statistics are the table's own. */
    private static void releaseTheTable(UUID endpoint) throws SQLException {
        db.single("UPDATE webhook_endpoints SET enabled = false WHERE id = ?", endpoint);
        db.single("ALTER TABLE webhook_deliveries ALTER COLUMN tenant_id RESET (n_distinct)");
        db.single("ANALYZE webhook_deliveries");
    }

    /**
     * The rows of {@code table} this connection has read and not yet reported to PostgreSQL's statistics
     * (pg_stat_xact_*): this transaction's, and its earlier transactions' of the last second (a backend reports at
     * most once a second), so a count is the difference of two taken in one transaction.
     */
    private static long rowsRead(Connection tx, String table) throws SQLException {
        try (PreparedStatement read = tx.prepareStatement("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
                + "FROM pg_stat_xact_user_tables WHERE relname = ?")) {
            read.setString(1, table);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Disables the endpoint as a 410 does ({@link EndpointRows#disable}), or enables it as the tenant does. */
    private static void enable(Connection c, UUID tenant, UUID endpoint, boolean enabled) throws SQLException {
        TenantTransactions.inTenant(c, tenant, tx -> {
            if (!enabled) {
                long generation = Long.parseLong(db.single("SELECT generation FROM webhook_endpoints WHERE id = ?",
                        endpoint));
                new EndpointRows(LINKS, OUTBOX).disable(tx, endpoint, generation, "the receiver answered 410 Gone");
                return 1;
            }
            try (PreparedStatement enable = tx.prepareStatement(
                    "UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL WHERE id = ?")) {
                enable.setObject(1, endpoint);
                return enable.executeUpdate();
            }
        });
    }

    private static Function<ClaimedDelivery, Outcome> answer(int status, Optional<Duration> retryAfter) {
        return d -> new Outcome(Instant.now(), status, Duration.ofMillis(3), null, "ok", retryAfter);
    }

    private static UUID delivery(UUID endpoint, UUID event) throws SQLException {
        return UUID.fromString(db.single("SELECT id::text FROM webhook_deliveries WHERE endpoint_id = ? AND event_id = ?",
                endpoint, event));
    }

    private static String deliveries(UUID endpoint, UUID event) throws SQLException {
        return db.single("SELECT count(*)::text FROM webhook_deliveries WHERE endpoint_id = ? AND event_id = ?",
                endpoint, event);
    }

    private static String status(UUID delivery) throws SQLException {
        return db.single("SELECT status FROM webhook_deliveries WHERE id = ?", delivery);
    }

    /** The outbox keeps only an HMAC of each recipient: the test, holding the key, finds a user's mail by it. */
    private static String mailsTo(UUID user) throws SQLException {
        return db.single("SELECT count(*)::text FROM mail_outbox WHERE kind = 'webhook_failing' AND recipient_key = ?",
                KEYS.recipient(db.single("SELECT email FROM users WHERE id = ?", user)));
    }

    private static OutgoingMail mailTo(UUID user) throws SQLException {
        String id = db.single("SELECT id::text FROM mail_outbox WHERE kind = 'webhook_failing' AND recipient_key = ?",
                KEYS.recipient(db.single("SELECT email FROM users WHERE id = ?", user)));
        return SEAL.open(UUID.fromString(id), db.single("SELECT sealed FROM mail_outbox WHERE id = ?::uuid", id));
    }

    private static String owner() {
        return "owner-" + UUID.randomUUID() + "@example.test";
    }
}
