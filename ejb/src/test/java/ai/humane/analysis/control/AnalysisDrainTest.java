package ai.humane.analysis.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.tenancy.control.TenantTransactions;
import ai.humane.testing.TestDatabases;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's rounds keep an engine's bulkhead full while it has a backlog, on a real PostgreSQL 16 and a real
 * Chat Completions server on loopback ({@link Conveyor}) that answers its oldest open request only once the
 * bulkhead's width of requests is open: the backlog moves only as fast as the drain refills each freed place, and a
 * place left empty shows as a request that waited for its turn in vain. No trigger ticks here: the drain has to keep
 * itself going from its own calls' ends, as it does between the dispatcher's once-a-second triggers. The bulkhead is
 * never overfilled: at every request's arrival the analyses claimed (the only ones a call can be made for) are at most
 * its width; the provider's own count of open requests cannot show more, since it answers one as soon as the width
 * is open.
 */
class AnalysisDrainTest {

    private static final int WIDTH = 4;
    private static final int MESSAGES = 40;
    private static final Pattern MESSAGE = Pattern.compile("message number (\\d+)");
    /** A tenant's analyses done, and done by its provider with one try. */
    private static final String COMPLETED = "SELECT count(*) FROM message_analyses WHERE status = 'completed' "
            + "AND tenant_id = ?";
    private static final String ANALYSED_ONCE = "SELECT count(*) FROM message_analyses WHERE status = 'completed' "
            + "AND method = 'llm' AND attempts = 1 AND tenant_id = ?";

    private static DatabaseSettings db;

    @BeforeAll
    static void migrate() {
        db = TestDatabases.migrated();
    }

    /**
     * A round asked for while one runs is not dropped: the running one goes round again once (for any number of
     * asks), since a place freed meanwhile would otherwise wait for the next trigger. Latches, no timing: the first
     * round is held in its connection's opening while the others ask.
     */
    @Test
    void aRoundAskedForWhileOneRunsIsRunOnceMoreAfterIt() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WIDTH);
        try (OutboundClient client = new OutboundClient(new PublicUrlGuard(HostResolver.dns(), List.of(), false))) {
            AnalysisWork work = new AnalysisWork(Lexicon.shared(), new ProviderCall(client, new AnswerSchema(),
                    Clock.systemUTC()), new EngineGuards(WIDTH, WIDTH, Duration.ofSeconds(30)), new RetryPolicy(3,
                    Duration.ofMillis(200)), sealed -> sealed, Clock.systemUTC());
            AnalysisDrain drain = new AnalysisDrain(() -> {
                if (rounds.incrementAndGet() == 1) {
                    inRound.countDown();
                    try {
                        if (!goOn.await(1, TimeUnit.MINUTES)) {
                            throw new IllegalStateException("the held round was not let go within a minute");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return TestDatabases.asApp(db);
            }, work, workers, WIDTH);
            Thread first = new Thread(drain::dispatch);
            first.start();
            assertTrue(inRound.await(1, TimeUnit.MINUTES));

            drain.dispatch();
            drain.dispatch();
            assertEquals(1, rounds.get(), "asked while a round runs, a caller does not start another one");

            goOn.countDown();
            first.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse(first.isAlive(), "the first round did not end within a minute");
            assertEquals(2, rounds.get(), "the running round went round once more for both asks");
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aBacklogKeepsTheBulkheadFullNeverOverfillsItAndEveryMessageIsAnalysedOnce() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4 * WIDTH);
        try (Connection check = check();
             Conveyor provider = new Conveyor(WIDTH, MESSAGES, check);
             OutboundClient client = client(provider.authority())) {
            UUID tenant = tenant("Drain");
            UUID engine = backlog(tenant, provider.url(), MESSAGES);
            EngineGuards guards = new EngineGuards(WIDTH, WIDTH, Duration.ofSeconds(30));
            AnalysisDrain drain = new AnalysisDrain(() -> TestDatabases.asApp(db), work(client, guards), workers, 4 * WIDTH);

            drain.dispatch();
            // Bounded: every message is analysed long before, stalls included (each waits Conveyor.STALL at most).
            awaitCount(check, MESSAGES, Duration.ofMinutes(3),
                    "SELECT count(*) FROM message_analyses WHERE status = 'completed' AND engine_id = ?", engine);

            assertEquals(MESSAGES, count(check, "SELECT count(*) FROM message_analyses WHERE status = 'completed' "
                    + "AND method = 'llm' AND attempts = 1 AND engine_id = ?", engine), "every message analysed by the provider");
            assertEquals(List.of(), provider.stalls(), "requests that waited for the bulkhead to fill and it never did");
            assertEquals(WIDTH, provider.mostOpen(), "requests open at once at the provider");
            assertTrue(provider.mostClaimed() <= WIDTH, "analyses claimed at once: " + provider.mostClaimed()
                    + ", where only " + WIDTH + " may be in flight");
            List<Integer> asked = provider.messages();
            assertEquals(MESSAGES, asked.size(), "one call per message: " + asked);
            assertEquals(MESSAGES, new HashSet<>(asked).size(), "no message asked about twice: " + asked);
            assertEquals(MESSAGES, count(check, "SELECT requests FROM engine_usage WHERE engine_id = ?", engine));
            workers.shutdown();
            assertTrue(workers.awaitTermination(1, TimeUnit.MINUTES));
            assertEquals(WIDTH, guards.bulkhead(engine).getMetrics().getAvailableConcurrentCalls(), "every place given back");
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * N2: one tenant's engines together hold at most its share of the workers. Tenant A has three engines on a
     * provider that holds every request, places for six calls against four workers; tenant B's one engine answers at
     * once. With A's share of calls open, B's analyses, queued only then, are all analysed while A's are still held,
     * and A never has more calls open than its share. Without the share A's engines took every worker, and B's
     * analyses waited for A's provider.
     */
    @Test
    void aTenantsHeldProviderHoldsOnlyItsShareAndAnotherTenantsAnalysesGoOn() throws Exception {
        int workers = 4;
        int width = 2;
        int share = 2;
        int engines = 3;
        int perEngine = 4;
        int others = 10;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Connection check = check();
             Holder held = new Holder(true);
             Holder prompt = new Holder(false);
             OutboundClient client = client(held.authority(), prompt.authority())) {
            UUID a = tenant("Many engines");
            UUID b = tenant("One engine");
            for (int i = 0; i < engines; i++) {
                backlog(a, held.url(), perEngine);
            }
            EngineGuards guards = new EngineGuards(width, share, Duration.ofSeconds(30));
            AnalysisDrain drain = new AnalysisDrain(() -> TestDatabases.asApp(db), work(client, guards), pool, workers);

            // A round per engine of A's, each on this thread (no call ends to run one meanwhile): as many places as A's
            // engines have, every worker's worth, would be claimed before B queues anything but for A's share.
            for (int i = 0; i < engines; i++) {
                drain.dispatch();
            }
            assertTrue(held.awaitOpen(share, Duration.ofMinutes(1)), "A's share of calls open at its provider");
            backlog(b, prompt.url(), others);
            drain.dispatch();
            // Bounded well within Holder.HOLD, so A's calls are held throughout.
            awaitCount(check, others, Duration.ofSeconds(20), COMPLETED, b);

            assertEquals(others, count(check, ANALYSED_ONCE, b), "B's analyses, all made while A's provider held its calls");
            assertEquals(0, count(check, COMPLETED, a), "A's calls were held meanwhile");
            assertEquals(share, held.mostOpen(), "A's calls open at once: its share, never more");

            held.release();
            awaitCount(check, engines * perEngine, Duration.ofMinutes(1), COMPLETED, a);
            assertEquals(engines * perEngine, count(check, ANALYSED_ONCE, a), "A's analyses, once released");
            assertEquals(List.of(), held.overheld(), "requests held past Holder.HOLD");
            assertEquals(share, held.mostOpen(), "A's calls open at once after the release too");
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
            assertEquals(share, guards.share(a).getMetrics().getAvailableConcurrentCalls(), "A's share given back");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * N2, turns: two tenants whose shares together fill every worker keep a backlog on a provider that holds its
     * calls; a third tenant queues one analysis at a time. Each time one held call is answered, the worker it frees
     * goes to the third tenant, which has none running, and not back to the tenant whose call just ended (which is
     * below its share again and has older analyses due): the third tenant's analysis is done while the other worker's
     * calls are still held. Six times, a new third tenant each time. Without turns the freed worker went to whichever
     * tenant the claim's look-up named first, so about half the time the third tenant waited for the next held call.
     */
    @Test
    void aWorkerFreedByATenantNearItsShareGoesToATenantWithNoneRunning() throws Exception {
        int workers = 4;
        int share = 2;
        int turns = 6;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Connection check = check();
             Holder held = new Holder(true);
             Holder prompt = new Holder(false);
             OutboundClient client = client(held.authority(), prompt.authority())) {
            UUID a = tenant("Heavy A");
            UUID b = tenant("Heavy B");
            backlog(a, held.url(), share + turns + 2);
            backlog(b, held.url(), share + turns + 2);
            EngineGuards guards = new EngineGuards(share, share, Duration.ofSeconds(30));
            AnalysisDrain drain = new AnalysisDrain(() -> TestDatabases.asApp(db), work(client, guards), pool, workers);
            drain.dispatch();
            assertTrue(held.awaitOpen(workers, Duration.ofMinutes(1)), "A's and B's shares fill every worker");

            for (int turn = 1; turn <= turns; turn++) {
                UUID light = tenant("Light " + turn);
                backlog(light, prompt.url(), 1);
                drain.dispatch();
                assertEquals(0, count(check, COMPLETED, light), "no worker free yet");
                held.releaseOne();
                awaitCount(check, 1, Duration.ofSeconds(15), COMPLETED, light);
                assertEquals(1, count(check, COMPLETED, light), "turn " + turn + ": the freed worker went to the tenant"
                        + " with none running");
                assertTrue(held.awaitOpen(workers, Duration.ofSeconds(15)), "and then back to A or B");
            }
            assertEquals(workers, held.mostOpen(), "A's and B's calls open at once: their shares, never more");
            held.release();
            awaitCount(check, 2 * (share + turns + 2), Duration.ofMinutes(1),
                    "SELECT count(*) FROM message_analyses WHERE status = 'completed' AND tenant_id IN (?, ?)", a, b);
            assertEquals(List.of(), held.overheld(), "requests held past Holder.HOLD");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Turns put the tenants with fewest calls in flight first; ties come in a random order (each of three tenants
     * with none running is first in some of 200 orderings), so none is always first among equals.
     */
    @Test
    void turnsGoToTheTenantsWithFewestCallsInFlight() {
        EngineGuards guards = new EngineGuards(2, 4, Duration.ofSeconds(30));
        UUID busy = UUID.randomUUID();
        UUID someWhat = UUID.randomUUID();
        List<UUID> idle = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertTrue(guards.enter(busy, UUID.randomUUID()) && guards.enter(busy, UUID.randomUUID())
                && guards.enter(busy, UUID.randomUUID()));
        assertTrue(guards.enter(someWhat, UUID.randomUUID()));
        assertEquals(3, guards.inFlight(busy));
        Set<UUID> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<UUID> turns = guards.inTurn(List.of(busy, someWhat, idle.get(0), idle.get(1), idle.get(2)));
            assertEquals(Set.copyOf(idle), Set.copyOf(turns.subList(0, 3)), "none in flight first");
            assertEquals(List.of(someWhat, busy), turns.subList(3, 5), "then one, then three");
            firsts.add(turns.get(0));
        }
        assertEquals(Set.copyOf(idle), firsts, "each idle tenant first in some orderings");
    }

    /**
     * A round claims no more analyses than there are workers free to start them: two engines of one tenant, places
     * for two calls each, on a provider that holds its requests, and two workers. Two analyses are claimed, not four;
     * the other two wait in the table, pending, rather than in the executor's queue, where they went stale behind the
     * held calls and were handed back untried (and what their claim read, O6, grew old). Released, every message is
     * analysed with one try.
     */
    @Test
    void noMoreAreClaimedThanThereAreWorkersFreeToStartThem() throws Exception {
        int workers = 2;
        int width = 2;
        int perEngine = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Connection check = check();
             Holder held = new Holder(true);
             OutboundClient client = client(held.authority())) {
            UUID tenant = tenant("Two workers");
            backlog(tenant, held.url(), perEngine);
            backlog(tenant, held.url(), perEngine);
            EngineGuards guards = new EngineGuards(width, 2 * width, Duration.ofSeconds(30));
            AnalysisDrain drain = new AnalysisDrain(() -> TestDatabases.asApp(db), work(client, guards), pool, workers);

            drain.dispatch();
            assertTrue(held.awaitOpen(workers, Duration.ofMinutes(1)), "a call open at the provider for each worker");
            assertEquals(workers, count(check, "SELECT count(*) FROM message_analyses WHERE status = 'running' "
                    + "AND tenant_id = ?", tenant), "analyses claimed while every worker is held");

            held.release();
            awaitCount(check, 2 * perEngine, Duration.ofMinutes(1), COMPLETED, tenant);
            assertEquals(2 * perEngine, count(check, ANALYSED_ONCE, tenant), "every message, one try each");
            assertEquals(2 * perEngine, held.asked(), "one call per message");
            assertEquals(workers, held.mostOpen(), "calls open at once: one per worker");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A connection that sees every tenant's rows. */
    private static Connection check() throws SQLException {
        return TestDatabases.asSuperuser(db);
    }

    /** An outbound client that lets these loopback providers in. */
    private static OutboundClient client(String... authorities) {
        return new OutboundClient(new PublicUrlGuard(HostResolver.dns(), List.of(authorities), false),
                OutboundLimits.production());
    }

    private static UUID tenant(String name) throws SQLException {
        try (Connection app = TestDatabases.asApp(db)) {
            return new TenantProvisioning().provision(app, name + " " + UUID.randomUUID(), "owner-" + UUID.randomUUID()
                    + "@example.test", "Owner").tenantId();
        }
    }

    private static AnalysisWork work(OutboundClient client, EngineGuards guards) {
        return new AnalysisWork(Lexicon.shared(), new ProviderCall(client, new AnswerSchema(), Clock.systemUTC()), guards,
                new RetryPolicy(3, Duration.ofMillis(200)), sealed -> sealed, Clock.systemUTC());
    }

    /** Waits, {@code bound} at most, until the query counts {@code wanted}. */
    private static void awaitCount(Connection check, int wanted, Duration bound, String sql, Object... parameters)
            throws SQLException, InterruptedException {
        long until = System.nanoTime() + bound.toNanos();
        while (!count(check, sql, parameters).equals(wanted) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** An LLM engine of the tenant on the provider, an end user and {@code messages} queued messages; answers the engine. */
    private static UUID backlog(UUID tenant, String providerUrl, int messages) throws SQLException {
        UUID engine = UUID.randomUUID();
        UUID endUser = UUID.randomUUID();
        try (Connection app = TestDatabases.asApp(db)) {
            TenantTransactions.inTenant(app, tenant, tx -> {
                update(tx, "INSERT INTO engines (id, tenant_id, name, kind, provider_url) VALUES (?, ?, ?, 'llm', ?)",
                        engine, tenant, "LLM " + engine, providerUrl);
                update(tx, "INSERT INTO end_users (id, tenant_id, external_id) VALUES (?, ?, ?)", endUser, tenant,
                        "drained " + endUser);
                AnalysisRecords records = new AnalysisRecords();
                for (int i = 0; i < messages; i++) {
                    UUID message = UUID.randomUUID();
                    update(tx, "INSERT INTO conversation_messages (id, tenant_id, end_user_id, engine_id, role, content) "
                            + "VALUES (?, ?, ?, ?, 'user', ?)", message, tenant, endUser, engine, "message number " + i);
                    records.queued(tx, new MessageRef(message, endUser, engine, null, null, Instant.now()));
                }
                return null;
            });
        }
        return engine;
    }

    private static void update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static Integer count(Connection check, String sql, Object... parameters) throws SQLException {
        synchronized (check) {
            try (PreparedStatement query = check.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getInt(1) : null;
                }
            }
        }
    }

    /**
     * A Chat Completions server on 127.0.0.1 that answers its oldest open request once {@code width} requests are
     * open, or every request still to come is (the end of the backlog), and then the next oldest when that holds
     * again: it moves exactly as fast as its client refills the places it frees. A request whose turn does not come
     * within {@link #STALL} is answered anyway and noted as a stall, so that a drain which lets a place go empty is
     * reported rather than hung. At each arrival it also counts the analyses claimed in the database.
     */
    static final class Conveyor implements AutoCloseable {

        static final Duration STALL = Duration.ofSeconds(5);

        private final int width;
        private final int total;
        private final Connection check;
        private final HttpServer server;
        private final Deque<Object> open = new ArrayDeque<>();
        private final List<Integer> messages = new ArrayList<>();
        private final List<String> stalls = new ArrayList<>();
        private int answered;
        private int mostOpen;
        private int mostClaimed;

        Conveyor(int width, int total, Connection check) throws IOException {
            this.width = width;
            this.total = total;
            this.check = check;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(4 * width));
            server.createContext("/", this::handle);
            server.start();
        }

        String authority() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        String url() {
            return "http://" + authority() + "/v1/chat/completions";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher message = MESSAGE.matcher(body);
                int claimed = count(check, "SELECT count(*) FROM message_analyses WHERE status = 'running'");
                await(message.find() ? Integer.parseInt(message.group(1)) : -1, claimed);
                byte[] answer = completion().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (SQLException e) {
                throw new IOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void await(int message, int claimed) throws InterruptedException {
            Object turn = new Object();
            messages.add(message);
            open.addLast(turn);
            mostOpen = Math.max(mostOpen, open.size());
            mostClaimed = Math.max(mostClaimed, claimed);
            notifyAll();
            long giveUp = System.nanoTime() + STALL.toNanos();
            while (open.peekFirst() != turn || open.size() < Math.min(width, total - answered)) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    stalls.add("message " + message + " with " + open.size() + " open, " + answered + " answered");
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            open.remove(turn);
            answered++;
            notifyAll();
        }

        synchronized List<String> stalls() {
            return List.copyOf(stalls);
        }

        synchronized int mostOpen() {
            return mostOpen;
        }

        synchronized int mostClaimed() {
            return mostClaimed;
        }

        synchronized List<Integer> messages() {
            return List.copyOf(messages);
        }

        private static String completion() {
            String content = "{\\\"sentiment\\\":{\\\"score\\\":0.4,\\\"label\\\":\\\"positive\\\"},\\\"emotions\\\":{"
                    + "\\\"joy\\\":1,\\\"sadness\\\":0,\\\"anger\\\":0,\\\"fear\\\":0,\\\"surprise\\\":0,\\\"disgust\\\":0},"
                    + "\\\"flags\\\":[],\\\"language\\\":\\\"en\\\"}";
            return "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}],"
                    + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":40}}";
        }

        @Override
        public void close() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    /**
     * A Chat Completions server on 127.0.0.1 that, holding, keeps every request open until {@link #release} (or,
     * past {@link #HOLD}, answers it anyway and notes it, so that a test that never releases is reported rather than
     * hung), and otherwise answers each at once. It counts the requests open at once.
     */
    static final class Holder implements AutoCloseable {

        /** Below the outbound client's 30 s deadline: a held call ends with its answer, never with a timeout. */
        static final Duration HOLD = Duration.ofSeconds(25);

        private final boolean holding;
        private final HttpServer server;
        private final List<String> overheld = new ArrayList<>();
        private boolean released;
        /** Held requests that may be answered, one each, before {@link #release}. */
        private int permits;
        private int open;
        private int mostOpen;
        private int asked;

        Holder(boolean holding) throws IOException {
            this.holding = holding;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", this::handle);
            server.start();
        }

        String authority() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        String url() {
            return "http://" + authority() + "/v1/chat/completions";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hold(body);
                byte[] answer = Conveyor.completion().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void hold(String body) throws InterruptedException {
            asked++;
            open++;
            mostOpen = Math.max(mostOpen, open);
            notifyAll();
            try {
                long giveUp = System.nanoTime() + HOLD.toNanos();
                while (holding && !released) {
                    if (permits > 0) {
                        permits--;
                        break;
                    }
                    long left = giveUp - System.nanoTime();
                    if (left <= 0) {
                        Matcher message = MESSAGE.matcher(body);
                        overheld.add(message.find() ? message.group() : body);
                        break;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } finally {
                open--;
                notifyAll();
            }
        }

        /** Whether {@code wanted} requests were open at once within {@code bound}. */
        synchronized boolean awaitOpen(int wanted, Duration bound) throws InterruptedException {
            long until = System.nanoTime() + bound.toNanos();
            while (open < wanted) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        /** Answers one request held (or the next to come), whichever waiter wakes first. */
        synchronized void releaseOne() {
            permits++;
            notifyAll();
        }

        /** Answers every request held, and every one to come, at once. */
        synchronized void release() {
            released = true;
            notifyAll();
        }

        synchronized int mostOpen() {
            return mostOpen;
        }

        synchronized int asked() {
            return asked;
        }

        synchronized List<String> overheld() {
            return List.copyOf(overheld);
        }

        @Override
        public void close() {
            release();
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
