import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Chat Completions server on 127.0.0.1 that answers every request with a valid analysis after a fixed
 * latency (default 200 ms), for bench/analysis; GET /stats tells the most requests it had open at once. JDK only:
 * java bench/analysis/SlowProvider.java PORT [MILLIS]
 */
public class SlowProvider {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 200;
        String content = "{\\\"sentiment\\\":{\\\"score\\\":0.4,\\\"label\\\":\\\"positive\\\"},\\\"emotions\\\":{\\\"joy\\\":1,"
                + "\\\"sadness\\\":0,\\\"anger\\\":0,\\\"fear\\\":0,\\\"surprise\\\":0,\\\"disgust\\\":0},\\\"flags\\\":[],\\\"language\\\":\\\"en\\\"}";
        byte[] answer = ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}],"
                + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":40}}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(Executors.newFixedThreadPool(64));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // GET /stats: the most requests this server had open at once (how full the caller kept its bulkhead).
        server.createContext("/stats", exchange -> {
            try (exchange) {
                byte[] stats = ("{\"most_in_flight\":" + most.get() + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, stats.length);
                exchange.getResponseBody().write(stats);
            }
        });
        server.createContext("/", exchange -> {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(millis);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
            }
        });
        server.start();
        System.out.println("slow provider on 127.0.0.1:" + port + ", " + millis + " ms");
    }
}
