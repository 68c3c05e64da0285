import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mixed traffic against two Humane instances of one cluster, alternating between them, for a bounded time: API-key
 * reads (GET /engines, GET /end-users), writes (POST /end-users, POST messages with a lexicon engine), webhooks to a
 * loopback receiver subscribed to every event, and password sign-ins (one in five failing). Every 10 s a sample:
 * each instance's RSS (from /proc), requests, 5xx, 429, events expected and received. At the end: lost events,
 * duplicate receipts, and the pass criteria. Every answer is counted by what it was; nothing is retried.
 *
 * <p>Usage: java SoakTraffic.java BASE_A BASE_B API_KEY RECEIVER_PORT SECONDS PID_A PID_B SAMPLES_FILE
 */
public class SoakTraffic {

    private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z_.]+)\"");
    private static final Pattern EXTERNAL_ID = Pattern.compile("\"external_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern DATA_ID = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern FLAGGED = Pattern.compile("\"flags\"\\s*:\\s*\\[\\s*\"");
    private static final long GIB_KB = 1024L * 1024;
    private static final String PASSWORD = "soak-password-" + Long.toHexString(System.nanoTime());
    private static final List<String> CONTENT = List.of(
            "I really love the new app, the support team was great",
            "The login is slow and annoying, I am thinking about cancelling my subscription",
            "Thanks, that worked",
            "This is the worst update ever, I want a refund",
            "Can you tell me how the export works?");

    private final String[] bases;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger turn = new AtomicInteger();
    /** Per category: answers by class ("2xx", "4xx", "429", "5xx", "error"); per instance 5xx. */
    private final Map<String, Map<String, LongAdder>> answers = new ConcurrentHashMap<>();
    private final LongAdder[] fiveHundreds = {new LongAdder(), new LongAdder()};
    private final LongAdder requests = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    /** "type|subject" of every event the answers say was made; and of every receipt, with its copies. */
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final LongAdder receiptCount = new LongAdder();
    private final List<String> endUsers = new CopyOnWriteArrayList<>();
    private final AtomicLong names = new AtomicLong();
    private String engine;
    private String email;

    SoakTraffic(String a, String b, String key) {
        this.bases = new String[] {a, b};
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        SoakTraffic soak = new SoakTraffic(args[0], args[1], args[2]);
        System.exit(soak.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                new long[] {Long.parseLong(args[5]), Long.parseLong(args[6])}, Path.of(args[7])));
    }

    int run(int receiverPort, int seconds, long[] pids, Path samplesFile) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 256);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            receive(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            setUp(receiverPort);
            return soak(seconds, pids, samplesFile);
        } finally {
            receiver.stop(0);
        }
    }

    private void setUp(int receiverPort) throws Exception {
        engine = id(must(call("setup", 0, "POST", "/api/v1/engines", "{\"name\":\"soak lexicon\",\"kind\":\"lexicon\"}")));
        must(call("setup", 0, "POST", "/api/v1/webhooks/endpoints",
                "{\"url\":\"http://127.0.0.1:" + receiverPort + "/hook\",\"events\":[\"*\"]}"));
        email = "soak-" + Long.toHexString(System.nanoTime()) + "@example.test";
        HttpResponse<String> signup = send(0, HttpRequest.newBuilder(URI.create(bases[0] + "/api/v1/auth/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                                + "\",\"name\":\"Soak\",\"organization\":\"Soak sign-ins\"}")));
        if (signup.statusCode() != 202) {
            throw new IllegalStateException("sign-up answered " + signup.statusCode() + " " + signup.body());
        }
        for (int i = 0; i < 20; i++) {
            createEndUser();
        }
    }

    private int soak(int seconds, long[] pids, Path samplesFile) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(24);
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        // Rates (a second): 10 reads, 2 new end users, 4 messages (2 to 3 events each), 0.5 sign-ins.
        every(ticks, workers, 100, this::read);
        every(ticks, workers, 500, this::createEndUser);
        every(ticks, workers, 250, this::message);
        AtomicInteger signIns = new AtomicInteger();
        every(ticks, workers, 2000, () -> signIn(signIns.getAndIncrement()));

        List<long[]> rss = new ArrayList<>();
        Instant start = Instant.now();
        try (PrintWriter samples = new PrintWriter(Files.newBufferedWriter(samplesFile))) {
            String header = "| t (s) | RSS A (MiB) | RSS B (MiB) | requests | req/s | 5xx | 429 | events made | receipts | load avg |";
            samples.println(header);
            samples.println("|---|---|---|---|---|---|---|---|---|---|");
            System.out.println(header);
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            long lastRequests = 0;
            for (int tick = 1; tick <= seconds / 10; tick++) {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), start.plusSeconds(tick * 10L)).toMillis()));
                long[] kb = {rssKb(pids[0]), rssKb(pids[1])};
                rss.add(kb);
                long total = requests.sum();
                String row = String.format("| %d | %d | %d | %d | %.1f | %d | %d | %d | %d | %s |", tick * 10, kb[0] / 1024,
                        kb[1] / 1024, total, (total - lastRequests) / 10.0, count("5xx"), count("429"), expected.size(),
                        receiptCount.sum(), loadAverage());
                lastRequests = total;
                samples.println(row);
                samples.flush();
                System.out.println(row);
            }
        }
        ticks.shutdownNow();
        workers.shutdown();
        boolean drained = workers.awaitTermination(60, TimeUnit.SECONDS);
        workers.shutdownNow();
        Instant stopped = Instant.now();
        while (!receipts.keySet().containsAll(expected) && Duration.between(stopped, Instant.now()).toSeconds() < 120) {
            Thread.sleep(200);
        }
        return report(rss, drained, Duration.between(stopped, Instant.now()));
    }

    private int report(List<long[]> rss, boolean drained, Duration waited) {
        System.out.println();
        System.out.println("answers by kind (2xx / 4xx other than 429 / 429 / 5xx / network errors):");
        new TreeMap<>(answers).forEach((category, byClass) -> System.out.printf("  %-22s %s%n", category,
                List.of("2xx", "4xx", "429", "5xx", "error").stream()
                        .map(c -> c + " " + Optional.ofNullable(byClass.get(c)).map(LongAdder::sum).orElse(0L))
                        .reduce((x, y) -> x + ", " + y).orElse("")));
        System.out.printf("5xx by instance: A %d, B %d; ticks skipped (24 requests already in flight): %d; "
                + "in flight at the end %s%n", fiveHundreds[0].sum(), fiveHundreds[1].sum(), skipped.sum(),
                drained ? "finished" : "NOT finished within 60 s");
        Map<String, int[]> byType = new TreeMap<>();
        for (String event : expected) {
            int[] n = byType.computeIfAbsent(event.substring(0, event.indexOf('|')), t -> new int[3]);
            n[0]++;
            if (receipts.containsKey(event)) {
                n[1]++;
            }
        }
        long unexpected = receipts.keySet().stream().filter(event -> !expected.contains(event)).count();
        long lost = expected.stream().filter(event -> !receipts.containsKey(event)).count();
        long duplicates = receipts.values().stream().mapToLong(n -> n.get() - 1).sum();
        System.out.println("webhook events by type (made according to the API's answers / received):");
        byType.forEach((type, n) -> System.out.printf("  %-18s %d / %d%n", type, n[0], n[1]));
        System.out.printf("events made %d, received %d distinct (%d receipts in all, received within %d s of the end); "
                + "lost %d; duplicate receipts %d; received but not expected %d%n", expected.size(),
                expected.size() - lost, receiptCount.sum(), waited.toSeconds(), lost, duplicates, unexpected);

        long fiveXx = count("5xx");
        boolean flat = true;
        boolean underGiB = true;
        int third = rss.size() / 3;
        for (int instance = 0; instance < 2; instance++) {
            int i = instance;
            double middle = rss.subList(third, 2 * third).stream().mapToLong(kb -> kb[i]).average().orElse(0);
            double last = rss.subList(2 * third, rss.size()).stream().mapToLong(kb -> kb[i]).average().orElse(0);
            long max = rss.stream().mapToLong(kb -> kb[i]).max().orElse(0);
            boolean thisFlat = third > 0 && last <= middle * 1.10;
            flat &= thisFlat;
            underGiB &= max <= GIB_KB;
            System.out.printf("RSS instance %s: middle-third mean %.0f MiB, last-third mean %.0f MiB (%+.1f %%), max %d MiB%n",
                    i == 0 ? "A" : "B", middle / 1024, last / 1024, 100 * (last - middle) / middle, max / 1024);
        }
        boolean pass = fiveXx == 0 && lost == 0 && flat && underGiB && drained;
        System.out.printf("PASS CRITERIA: zero 5xx [%s: %d]; no lost event [%s: %d]; RSS flat, last-third mean within "
                + "+10 %% of the middle-third mean on each instance [%s]; RSS <= 1 GiB [%s]%n", ok(fiveXx == 0), fiveXx,
                ok(lost == 0), lost, ok(flat), ok(underGiB));
        System.out.println(pass ? "SOAK PASSED" : "SOAK FAILED");
        return pass ? 0 : 1;
    }

    private static String ok(boolean pass) {
        return pass ? "pass" : "FAIL";
    }

    private void every(ScheduledExecutorService ticks, ExecutorService workers, long millis, Step step) {
        ticks.scheduleAtFixedRate(() -> {
            if (outstanding.incrementAndGet() > 24) {
                outstanding.decrementAndGet();
                skipped.increment();
                return;
            }
            workers.execute(() -> {
                try {
                    step.run();
                } catch (Exception e) {
                    // Counted where it happened (call); nothing else to do for one request.
                } finally {
                    outstanding.decrementAndGet();
                }
            });
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void read() throws Exception {
        int n = turn.getAndIncrement();
        call(n % 4 < 2 ? "read GET /engines" : "read GET /end-users", n, "GET",
                n % 4 < 2 ? "/api/v1/engines" : "/api/v1/end-users?limit=20", null);
    }

    private void createEndUser() throws Exception {
        String external = "soak-" + names.incrementAndGet();
        HttpResponse<String> answer = call("write POST /end-users", turn.getAndIncrement(), "POST", "/api/v1/end-users",
                "{\"external_id\":\"" + external + "\"}");
        if (answer != null && answer.statusCode() == 201) {
            expected.add("end_user.created|" + external);
            endUsers.add(id(answer));
        }
    }

    private void message() throws Exception {
        if (endUsers.isEmpty()) {
            return;
        }
        String endUser = endUsers.get(ThreadLocalRandom.current().nextInt(endUsers.size()));
        String content = CONTENT.get(ThreadLocalRandom.current().nextInt(CONTENT.size()));
        HttpResponse<String> answer = call("write POST messages", turn.getAndIncrement(), "POST",
                "/api/v1/end-users/" + endUser + "/messages",
                "{\"engine_id\":\"" + engine + "\",\"role\":\"user\",\"content\":\"" + content + "\"}");
        if (answer != null && answer.statusCode() == 201) {
            String message = id(answer);
            expected.add("message.created|" + message);
            expected.add("message.analyzed|" + message);
            if (FLAGGED.matcher(answer.body()).find()) {
                expected.add("end_user.flagged|" + message);
            }
        }
    }

    /** One in five fails: every tenth a wrong password, every tenth (offset) an unknown address. */
    private void signIn(int n) throws Exception {
        int instance = n % 2;
        boolean wrong = n % 10 == 3;
        boolean unknown = n % 10 == 8;
        String category = wrong ? "sign-in wrong password" : unknown ? "sign-in unknown address" : "sign-in right";
        String who = unknown ? "nobody-" + n + "@example.test" : email;
        HttpResponse<String> login = counted(category, instance, HttpRequest.newBuilder(
                URI.create(bases[instance] + "/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + who + "\",\"password\":\""
                        + (wrong ? "not-the-password-at-all" : PASSWORD) + "\"}")));
        if (login == null || login.statusCode() != 200) {
            return;
        }
        String session = cookie(login, "humane_session");
        String csrf = cookie(login, "humane_csrf");
        // The session works on the other instance too, and is ended there.
        int other = 1 - instance;
        counted("session GET /auth/me", other, HttpRequest.newBuilder(URI.create(bases[other] + "/api/v1/auth/me"))
                .header("Cookie", "humane_session=" + session + "; humane_csrf=" + csrf).GET());
        counted("session POST /auth/logout", other, HttpRequest.newBuilder(URI.create(bases[other] + "/api/v1/auth/logout"))
                .header("Cookie", "humane_session=" + session + "; humane_csrf=" + csrf).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String cookie(HttpResponse<String> answer, String name) {
        return answer.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElse("");
    }

    private void receive(String body) {
        receiptCount.increment();
        Matcher type = TYPE.matcher(body);
        Matcher event = FIRST_ID.matcher(body);
        if (!type.find() || !event.find()) {
            receipts.computeIfAbsent("unreadable|" + body.hashCode(), k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        Matcher subject = switch (type.group(1)) {
            case "end_user.created" -> EXTERNAL_ID.matcher(body);
            case "message.created" -> DATA_ID.matcher(body);
            default -> MESSAGE_ID.matcher(body);
        };
        String key = type.group(1) + "|" + (subject.find() ? subject.group(1) : event.group(1));
        // Copies are counted per event id: at least once allows a second delivery of the same event.
        receipts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private HttpResponse<String> call(String category, int n, String method, String path, String json) {
        int instance = n % 2;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bases[instance] + path))
                .header("Authorization", "Bearer " + key);
        request = json == null ? request.GET()
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return counted(category, instance, request);
    }

    private HttpResponse<String> counted(String category, int instance, HttpRequest.Builder request) {
        requests.increment();
        Map<String, LongAdder> byClass = answers.computeIfAbsent(category, c -> new ConcurrentHashMap<>());
        try {
            HttpResponse<String> answer = send(instance, request);
            int status = answer.statusCode();
            String kind = status >= 500 ? "5xx" : status == 429 ? "429" : status >= 400 ? "4xx" : "2xx";
            byClass.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (status >= 500) {
                fiveHundreds[instance].increment();
                System.out.println("5xx from instance " + (instance == 0 ? "A" : "B") + " on " + category + ": " + status
                        + " " + answer.body());
            }
            return answer;
        } catch (IOException | InterruptedException e) {
            byClass.computeIfAbsent("error", k -> new LongAdder()).increment();
            System.out.println("network error on " + category + ": " + e);
            return null;
        }
    }

    private HttpResponse<String> send(int instance, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> must(HttpResponse<String> answer) {
        if (answer == null || answer.statusCode() >= 300) {
            throw new IllegalStateException("set-up failed: " + (answer == null ? "no answer" : answer.statusCode() + " " + answer.body()));
        }
        return answer;
    }

    private static String id(HttpResponse<String> answer) {
        Matcher id = FIRST_ID.matcher(answer.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + answer.body());
        }
        return id.group(1);
    }

    private long count(String kind) {
        return answers.values().stream().map(byClass -> byClass.get(kind)).filter(a -> a != null).mapToLong(LongAdder::sum).sum();
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // The process is gone: reported as 0, which the criteria then show.
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
