package ai.humane.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.KeyRing;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.MailSeal;
import ai.humane.mail.control.SendKeys;
import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.optouts.control.UnsubscribeTokens;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's lanes on a real PostgreSQL 16 with real guards: one claim feeds every free lane several
 * deliveries, never more at once than the lane width, and what may not be sent goes back untried.
 */
class LanesTest {

    private static final UnsubscribeLinks LINKS = new UnsubscribeLinks(
            new UnsubscribeTokens(new HmacKeys(HmacKeys.generateKey()), Clock.systemUTC()), "https://api.humane.test");
    private static final MailQueue OUTBOX = new MailQueue(new MailSeal(new KeyRing(KeyRing.generateKey())),
            new SendKeys(new HmacKeys(HmacKeys.generateKey())));
    private static final Dispatch DISPATCH = new Dispatch(Clock.systemUTC(), LINKS, OUTBOX);

    private static WebhookDatabase db;
    private static ExecutorService senders;

    @BeforeAll
    static void migrate() {
        db = WebhookDatabase.migrated();
        senders = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        senders.shutdownNow();
    }

    /** Each test's endpoint is switched off after it: what it left pending is claimed by no later test. */
    @AfterEach
    void quiet() throws SQLException {
        db.single("UPDATE webhook_endpoints SET enabled = false WHERE enabled");
    }

    @Test
    void oneClaimFeedsEveryFreeLaneSeveralDeliveriesAndNeverMoreAtOnceThanTheWidth() throws Exception {
        UUID endpoint = endpointWith(20);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<UUID, Integer> tries = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        EndpointGuards guards = guards(2);
        // Every try waits (10 s at most, all told) until both lanes have begun, so a lane whose thread starts late
        // cannot find the other lane done with all twenty: with one lane only, "most" stays 1 and the test fails.
        CountDownLatch bothLanes = new CountDownLatch(2);
        long lanesBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);

        int sent = claimAndRun(guards, 2, d -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            tries.merge(d.id(), 1, Integer::sum);
            if (threads.add(Thread.currentThread().getName())) {
                bothLanes.countDown();
            }
            try {
                bothLanes.await(Math.max(0, lanesBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pause(5);
            inFlight.decrementAndGet();
            return answer(200).apply(d);
        }, System.nanoTime());

        assertEquals(20, sent, "one claim of the batch size");
        assertEquals("20", count(endpoint, "status = 'succeeded' AND attempts = 1"), "every delivery of the claim is sent");
        assertTrue(tries.values().stream().allMatch(n -> n == 1), tries.toString());
        assertEquals(2, most.get(), "two lanes, both used, never a third delivery at once");
        assertEquals(2, threads.size());
        assertTrue(guards.full().isEmpty(), "both lanes are left at the end");
    }

    @Test
    void aBreakerThatOpensMidwaySendsTheRestOfTheLaneBackUntried() throws Exception {
        UUID endpoint = endpointWith(8);
        AtomicInteger tried = new AtomicInteger();

        claimAndRun(guards(1), 1, d -> {
            tried.incrementAndGet();
            return answer(500).apply(d);
        }, System.nanoTime());

        assertEquals(5, tried.get(), "the breaker opens after five failures in a row");
        assertEquals("5", count(endpoint, "status = 'pending' AND attempts = 1"));
        assertEquals("3", count(endpoint, "status = 'pending' AND attempts = 0 AND claim_id IS NULL"),
                "the rest is handed back, no attempt counted, claimable again");
    }

    @Test
    void aFullLaneSendsTheWholeClaimBack() throws Exception {
        UUID endpoint = endpointWith(3);
        EndpointGuards guards = guards(1);
        assertTrue(guards.enter(endpoint));
        AtomicInteger tried = new AtomicInteger();

        claimAndRun(guards, 1, d -> {
            tried.incrementAndGet();
            return answer(200).apply(d);
        }, System.nanoTime());

        assertEquals(0, tried.get());
        assertEquals("3", count(endpoint, "status = 'pending' AND attempts = 0 AND claim_id IS NULL"));
    }

    @Test
    void aClaimOlderThanHalfTheLeaseGoesBackUntriedAndFreesItsLane() throws Exception {
        UUID endpoint = endpointWith(4);
        EndpointGuards guards = guards(2);
        AtomicInteger tried = new AtomicInteger();

        claimAndRun(guards, 2, d -> {
            tried.incrementAndGet();
            return answer(200).apply(d);
        }, System.nanoTime() - Dispatch.LEASE.toNanos());

        assertEquals(0, tried.get());
        assertEquals("4", count(endpoint, "status = 'pending' AND attempts = 0 AND claim_id IS NULL"));
        assertTrue(guards.full().isEmpty());
        assertTrue(guards.enter(endpoint) && guards.enter(endpoint), "both lanes are free again");
    }

    /**
     * The lanes of an endpoint take from one backlog: while one lane is held up by a slow receiver, the other sends
     * everything else. The first delivery is held until the other nine have been sent; dealt out in turn (before),
     * half of the claim waited behind it in its lane and it was held until the 10 s bound let it go. No timing: latches.
     */
    @Test
    void aSlowDeliveryHoldsUpItsLaneOnlyTheOtherLaneSendsTheRest() throws Exception {
        UUID endpoint = endpointWith(10);
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch others = new CountDownLatch(9);
        AtomicBoolean othersSentMeanwhile = new AtomicBoolean();

        claimAndRun(guards(2), 2, d -> {
            if (first.getAndSet(false)) {
                try {
                    othersSentMeanwhile.set(others.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                others.countDown();
            }
            return answer(200).apply(d);
        }, System.nanoTime());

        assertTrue(othersSentMeanwhile.get(), "the other nine were sent while the first was held");
        assertEquals("10", count(endpoint, "status = 'succeeded' AND attempts = 1"));
    }

    /**
     * The tries that end while one lane is recording are recorded together by it, in one more transaction: the first
     * lane to record is held in its connection until the other seven lanes have sent, handed over their tries and
     * ended; then two connections have been opened in all, not eight (one per try, as before), and all eight tries
     * are recorded once. No timing: latches.
     */
    @Test
    void triesThatEndWhileOneLaneRecordsAreRecordedTogetherByIt() throws Exception {
        UUID endpoint = endpointWith(8);

        recordWhileTheFirstLaneIsHeld(answer(200), new AtomicInteger());

        assertEquals("8", count(endpoint, "status = 'succeeded' AND attempts = 1"));
        assertEquals("8", db.single("SELECT count(*)::text FROM webhook_attempts a JOIN webhook_deliveries d "
                + "ON d.id = a.delivery_id WHERE d.endpoint_id = ?", endpoint));
    }

    /**
     * A try the database refuses loses no other try recorded with it: as in the test above, seven tries end while
     * the first lane records, and one of them carries a time past timestamptz's range (standing for any value
     * PostgreSQL refuses; in the review, a NUL in the error, which {@link Outcome} now writes out). Their transaction
     * fails, and each is then recorded alone: six land and the refused one is left to its lease. Before, all seven
     * were lost and sent again (broken once: one landed, the first lane's).
     */
    @Test
    void aTryTheDatabaseRefusesLosesNoOtherTryRecordedWithIt() throws Exception {
        UUID endpoint = endpointWith(8);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger sends = new AtomicInteger();
        Set<UUID> refused = ConcurrentHashMap.newKeySet();

        recordWhileTheFirstLaneIsHeld(d -> {
            if (sends.incrementAndGet() < 8) {
                return answer(200).apply(d);
            }
            // The last to be sent waits (10 s at most) until the first lane is recording, so it is one of the seven.
            long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (opened.get() == 0 && System.nanoTime() < by) {
                pause(5);
            }
            refused.add(d.id());
            return new Outcome(Instant.parse("+300000-01-01T00:00:00Z"), 200, Duration.ofMillis(3), null, "ok",
                    Optional.empty());
        }, opened);

        assertEquals("7", count(endpoint, "status = 'succeeded' AND attempts = 1"));
        assertEquals(1, refused.size());
        assertEquals("sending 0", db.single("SELECT status || ' ' || attempts FROM webhook_deliveries WHERE id = ?",
                refused.iterator().next()), "the refused try is left to its lease");
    }

    /**
     * Claims eight deliveries for eight lanes of {@code sender}, the first lane to record held in its connection until
     * the other seven have sent, handed over their tries and ended; {@code opened} counts the connections opened: two.
     */
    private static void recordWhileTheFirstLaneIsHeld(Function<ClaimedDelivery, Outcome> sender, AtomicInteger opened)
            throws Exception {
        CountDownLatch ended = new CountDownLatch(7);
        AtomicBoolean othersEndedMeanwhile = new AtomicBoolean();
        Lanes lanes = new Lanes(DISPATCH, guards(8), 8, sender, () -> {
            if (opened.getAndIncrement() == 0) {
                try {
                    othersEndedMeanwhile.set(ended.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return db.app();
        }, senders);
        Semaphore freed = new Semaphore(0);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = DISPATCH.claim(c, Set.of());
            int started = lanes.start(c, claimed, System.nanoTime(), lane -> {
                ended.countDown();
                freed.release();
            });
            assertEquals(8, started);
            assertTrue(freed.tryAcquire(started, 30, TimeUnit.SECONDS), "every lane finished");
        }
        assertTrue(othersEndedMeanwhile.get(), "the other lanes handed over their tries and ended");
        assertEquals(2, opened.get(), "the first try, then the seven that ended meanwhile");
    }

    /**
     * A tenant's lanes together stay within its share of the senders, however many endpoints it has: three endpoints
     * two lanes wide, a share of three, eight senders. Every try waits (10 s at most, all told) until three are in
     * flight, so a fourth lane, had it started, would be seen; without the share, six are. The third endpoint's
     * deliveries find no place of the tenant and go back untried.
     */
    @Test
    void aTenantsLanesTogetherStayWithinItsShareOfTheSenders() throws Exception {
        UUID tenant = db.tenant("owner-" + UUID.randomUUID() + "@example.test").tenantId();
        List<UUID> endpoints = List.of(db.endpoint(tenant, "[\"*\"]", true), db.endpoint(tenant, "[\"*\"]", true),
                db.endpoint(tenant, "[\"*\"]", true));
        for (int i = 0; i < 4; i++) {
            db.emit(tenant, "webhook.test");
        }
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean fullWhileSending = new AtomicBoolean(true);
        AtomicInteger tried = new AtomicInteger();
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Lanes[] lanes = new Lanes[1];
        lanes[0] = new Lanes(DISPATCH, guards(2), 2, 3, d -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean ofTheFirstThree = tried.getAndIncrement() < 3;
            threeAtOnce.countDown();
            try {
                threeAtOnce.await(Math.max(0, by - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Asked by the first three tries as the last of them arrives: every lane runs (each has more to send).
            if (ofTheFirstThree && !lanes[0].fullTenants().contains(tenant)) {
                fullWhileSending.set(false);
            }
            pause(5);
            inFlight.decrementAndGet();
            return answer(200).apply(d);
        }, db::app, senders);

        Semaphore freed = new Semaphore(0);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = DISPATCH.claim(c, Set.of());
            assertEquals(12, claimed.size(), "four events to three endpoints");
            int started = lanes[0].start(c, claimed, System.nanoTime(), lane -> freed.release());
            assertEquals(3, started, "the tenant's share");
            assertTrue(freed.tryAcquire(started, 30, TimeUnit.SECONDS), "every lane finished");
        }

        assertEquals(3, most.get(), "three deliveries of the tenant in flight at once, never a fourth");
        assertTrue(fullWhileSending.get(), "the tenant is full while its lanes run: no claim is made for it");
        assertTrue(lanes[0].fullTenants().isEmpty(), "the share is given back as the lanes end");
        List<String> sent = new ArrayList<>();
        List<String> untried = new ArrayList<>();
        for (UUID endpoint : endpoints) {
            sent.add(count(endpoint, "status = 'succeeded' AND attempts = 1"));
            untried.add(count(endpoint, "status = 'pending' AND attempts = 0 AND claim_id IS NULL"));
        }
        // Which endpoint comes last in the claim (and finds the share taken) is the due order's, not the test's.
        assertEquals(List.of("0", "4", "4"), sent.stream().sorted().toList(), "two endpoints' lanes sent theirs");
        assertEquals(List.of("0", "0", "4"), untried.stream().sorted().toList(),
                "no place left in the tenant's share: handed back untried, claimable again");
    }

    /**
     * A lane gives its sender up after each delivery while another lane waits for one: on a single sender, a tenant's
     * lane with four deliveries sends one, then another tenant's lane that arrived meanwhile sends its own, then the
     * first goes on. Without the turns the other tenant's delivery waited for the whole backlog (A, A, A, A, B).
     */
    @Test
    void aLaneGivesItsSenderToAWaitingLaneAfterEachDelivery() throws Exception {
        UUID first = endpointWith(4);
        UUID firstTenant = tenantOf(first);
        UUID second = endpointWith(1);
        UUID secondTenant = tenantOf(second);
        ExecutorService oneSender = Executors.newSingleThreadExecutor();
        List<UUID> order = new CopyOnWriteArrayList<>();
        CountDownLatch secondStarted = new CountDownLatch(1);
        try {
            Lanes lanes = new Lanes(DISPATCH, guards(1), 1, 1, d -> {
                if (order.isEmpty()) {
                    try {
                        secondStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                order.add(d.endpointId());
                return answer(200).apply(d);
            }, db::app, oneSender);
            Semaphore freed = new Semaphore(0);
            try (Connection c = db.app()) {
                lanes.start(c, DISPATCH.claim(c, List.of(firstTenant), Set.of(), 20), System.nanoTime(),
                        lane -> freed.release());
                lanes.start(c, DISPATCH.claim(c, List.of(secondTenant), Set.of(), 20), System.nanoTime(),
                        lane -> freed.release());
                secondStarted.countDown();
                assertTrue(freed.tryAcquire(2, 30, TimeUnit.SECONDS), "both lanes finished");
            }
        } finally {
            oneSender.shutdownNow();
        }

        assertEquals(List.of(first, second, first, first, first), order);
        assertEquals("4", count(first, "status = 'succeeded' AND attempts = 1"));
        assertEquals("1", count(second, "status = 'succeeded' AND attempts = 1"));
    }

    /**
     * W1, W3: once a change of the endpoint is committed (here the tenant's new URL), its deliveries claimed before it
     * and not yet on the wire are not sent with what their claim read: they go back untried (pending, no attempt
     * counted, the claim let go), and the next claim takes them with the new URL. The one on the wire as the change
     * commits is sent, as it must be. Broken once: without the lanes' check all four went to the old URL.
     */
    @Test
    void claimedDeliveriesOfARepointedEndpointGoBackUntriedAndAreClaimedAgainWithTheNewUrl() throws Exception {
        UUID endpoint = endpointWith(4);

        List<ClaimedDelivery> sent = sentWhileChanging(endpoint,
                "UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/moved' WHERE id = ?");

        assertEquals(1, sent.size(), "only the delivery on the wire as the change committed is sent");
        assertEquals("http://127.0.0.1:9/hook", sent.get(0).url());
        assertEquals("1", count(endpoint, "status = 'succeeded' AND attempts = 1"));
        assertEquals("3", count(endpoint, "status = 'pending' AND attempts = 0 AND claim_id IS NULL"));
        List<ClaimedDelivery> again = claimAgain(endpoint);
        assertEquals(3, again.size());
        assertTrue(again.stream().allMatch(d -> d.url().equals("http://127.0.0.1:9/moved")), again.toString());
    }

    /** A disabled endpoint's claimed deliveries are held, not sent (broken once: all four were sent). */
    @Test
    void claimedDeliveriesOfADisabledEndpointAreHeldNotSent() throws Exception {
        UUID endpoint = endpointWith(4);

        List<ClaimedDelivery> sent = sentWhileChanging(endpoint, "UPDATE webhook_endpoints SET enabled = false WHERE id = ?");

        assertEquals(1, sent.size());
        assertEquals("3", count(endpoint, "status = 'held' AND attempts = 0 AND claim_id IS NULL"));
        assertTrue(claimAgain(endpoint).isEmpty());
    }

    /**
     * A rotation without overlap: the secret rotated away signs none of the deliveries claimed before it, and the next
     * claim takes them with the new secret alone (broken once: all four were signed with the old one).
     */
    @Test
    void claimedDeliveriesOfARotatedEndpointAreSignedWithTheNewSecretOnly() throws Exception {
        UUID endpoint = endpointWith(4);

        List<ClaimedDelivery> sent = sentWhileChanging(endpoint, "UPDATE webhook_endpoints SET previous_secret = secret, "
                + "secret = 'sealed-rotated', previous_secret_until = now() WHERE id = ?");

        assertEquals(1, sent.size());
        assertEquals(List.of("sealed"), sent.get(0).sealedSecrets());
        List<ClaimedDelivery> again = claimAgain(endpoint);
        assertEquals(3, again.size());
        assertTrue(again.stream().allMatch(d -> d.sealedSecrets().equals(List.of("sealed-rotated"))), again.toString());
    }

    /** A deleted endpoint's claimed deliveries are dropped with it (broken once: all four were sent). */
    @Test
    void claimedDeliveriesOfADeletedEndpointAreNotSent() throws Exception {
        UUID endpoint = endpointWith(4);

        List<ClaimedDelivery> sent = sentWhileChanging(endpoint, "DELETE FROM webhook_endpoints WHERE id = ?");

        assertEquals(1, sent.size());
        assertEquals("0", count(endpoint, "true"));
    }

    /**
     * Failures at the endpoint's old URL opened its breaker; the endpoint is re-pointed, and the next claim round, as
     * the dispatcher's (the endpoints whose breakers are open skipped), claims and sends to the new URL at once, with
     * no cool-down (its lanes and guards told of the change as the endpoint's writers tell them).
     */
    @Test
    void aNewUrlIsTriedAtOnceThoughFailuresAtTheOldOneOpenedTheBreaker() throws Exception {
        UUID endpoint = endpointWith(6);
        EndpointChanges changes = new EndpointChanges();
        EndpointGuards guards = new EndpointGuards(1, 5, Duration.ofSeconds(30), Clock.systemUTC(), changes);
        List<String> urls = new CopyOnWriteArrayList<>();
        Lanes lanes = new Lanes(DISPATCH, guards, 1, 1, d -> {
            urls.add(d.url());
            return answer(d.url().contains("new") ? 200 : 500).apply(d);
        }, db::app, senders, changes);

        assertEquals(6, claimRound(lanes, guards, endpoint));
        assertEquals(5, urls.size(), "five failures open the breaker; the sixth goes back untried");
        assertEquals(Set.of(endpoint), guards.open());

        db.single("UPDATE webhook_endpoints SET url = 'http://127.0.0.1:9/new' WHERE id = ?", endpoint);
        changes.committed(endpoint, Long.parseLong(
                db.single("SELECT generation::text FROM webhook_endpoints WHERE id = ?", endpoint)));

        assertEquals(1, claimRound(lanes, guards, endpoint), "the endpoint is claimed for at once");
        assertEquals("http://127.0.0.1:9/new", urls.get(5), "and its delivery sent to the new URL");
        assertEquals("1", count(endpoint, "status = 'succeeded'"));
    }

    /** One claim round for the endpoint's tenant as the dispatcher's; waits for its lanes; answers how many it claimed. */
    private static int claimRound(Lanes lanes, EndpointGuards guards, UUID endpoint) throws Exception {
        Semaphore freed = new Semaphore(0);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = DISPATCH.claim(c, List.of(tenantOf(endpoint)), guards.open(), 20);
            int started = lanes.start(c, claimed, System.nanoTime(), lane -> freed.release());
            assertTrue(freed.tryAcquire(started, 30, TimeUnit.SECONDS), "every lane finished");
            return claimed.size();
        }
    }

    /**
     * Claims the endpoint's deliveries for one lane, whose first send waits until {@code change} (SQL as the superuser,
     * the endpoint's id its parameter) is committed and the lanes are told, as the endpoint's writers tell them; waits for
     * the lane to end; answers what was sent.
     */
    private static List<ClaimedDelivery> sentWhileChanging(UUID endpoint, String change) throws Exception {
        EndpointChanges changes = new EndpointChanges();
        List<ClaimedDelivery> sent = new CopyOnWriteArrayList<>();
        CountDownLatch onTheWire = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        Lanes lanes = new Lanes(DISPATCH, guards(1), 1, 1, d -> {
            sent.add(d);
            onTheWire.countDown();
            try {
                changed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer(200).apply(d);
        }, db::app, senders, changes);
        Semaphore freed = new Semaphore(0);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = DISPATCH.claim(c, List.of(tenantOf(endpoint)), Set.of(), 20);
            assertEquals(4, claimed.size());
            int started = lanes.start(c, claimed, System.nanoTime(), lane -> freed.release());
            assertTrue(onTheWire.await(10, TimeUnit.SECONDS), "the first delivery is on the wire");
            db.single(change, endpoint);
            String generation = db.single("SELECT generation::text FROM webhook_endpoints WHERE id = ?", endpoint);
            changes.committed(endpoint, generation == null ? EndpointChanges.GONE : Long.parseLong(generation));
            changed.countDown();
            assertTrue(freed.tryAcquire(started, 30, TimeUnit.SECONDS), "the lane finished");
        }
        return sent;
    }

    /** The endpoint's deliveries a claim takes now. */
    private static List<ClaimedDelivery> claimAgain(UUID endpoint) throws SQLException {
        try (Connection c = db.app()) {
            return DISPATCH.claim(c, List.of(tenantOf(endpoint)), Set.of(), 20);
        }
    }

    private static UUID tenantOf(UUID endpoint) throws SQLException {
        return UUID.fromString(db.single("SELECT tenant_id::text FROM webhook_endpoints WHERE id = ?", endpoint));
    }

    /** One tenant, one endpoint and {@code deliveries} due deliveries to it; answers the endpoint. */
    private static UUID endpointWith(int deliveries) throws SQLException {
        UUID tenant = db.tenant("owner-" + UUID.randomUUID() + "@example.test").tenantId();
        UUID endpoint = db.endpoint(tenant, "[\"*\"]", true);
        for (int i = 0; i < deliveries; i++) {
            db.emit(tenant, "webhook.test");
        }
        return endpoint;
    }

    /** One claim round as the dispatcher runs it; waits for every lane it started; answers how many were claimed. */
    private static int claimAndRun(EndpointGuards guards, int width, Function<ClaimedDelivery, Outcome> sender,
                                   long claimedAt) throws Exception {
        Lanes lanes = new Lanes(DISPATCH, guards, width, sender, db::app, senders);
        Semaphore freed = new Semaphore(0);
        try (Connection c = db.app()) {
            List<ClaimedDelivery> claimed = DISPATCH.claim(c, Set.of());
            int started = lanes.start(c, claimed, claimedAt, lane -> freed.release());
            assertTrue(freed.tryAcquire(started, 30, TimeUnit.SECONDS), "every lane finished");
            return claimed.size();
        }
    }

    private static Function<ClaimedDelivery, Outcome> answer(int status) {
        return d -> new Outcome(Instant.now(), status, Duration.ofMillis(3), null, "ok", Optional.empty());
    }

    private static EndpointGuards guards(int width) {
        return new EndpointGuards(width, 5, Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static String count(UUID endpoint, String condition) throws SQLException {
        return db.single("SELECT count(*)::text FROM webhook_deliveries WHERE endpoint_id = ? AND " + condition, endpoint);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
