package ai.humane.outbound.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A resolver whose lookups end in time (N2). The JDK's lookup cannot be cut short: it waits for the system resolver,
 * which may try each name server in turn for many seconds, so a host whose name servers answer slowly, or never,
 * would hold an outbound call past its whole-exchange deadline. Each lookup is asked on a thread of its own and
 * given up at the caller's bound (the time left to its exchange) or this resolver's own, whichever comes first
 * ({@link LookupTimedOut}); the lookup itself runs on until the system resolver gives up, and an answer that comes
 * late is still kept for the next caller. Callers asking for the same host meanwhile share its one lookup. An answer
 * is kept for {@link #KEPT}, so that calls to the same host in a row (a webhook endpoint's deliveries) are answered
 * on the caller's thread without a hop; a failure is not kept. The guard checks a kept answer as a fresh one, and the
 * connection is pinned to the addresses checked, so keeping answers lets nothing through that a lookup would not.
 */
final class BoundedLookups implements HostResolver {

    /** How long an answer is used again without asking: a third of the JDK's own default. */
    static final Duration KEPT = Duration.ofSeconds(10);

    /** Hosts whose answers are kept at most; past it, all are dropped and asked again. */
    private static final int MOST_KEPT = 4096;

    private final HostResolver lookups;
    private final Duration longest;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> recent = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<InetAddress>>> running = new ConcurrentHashMap<>();
    /**
     * Unbounded, because a lookup blocked in the system resolver cannot be stopped: a bounded pool full of them would
     * make every other host's lookup wait too. At most one lookup runs per host ({@link #running}), until the system
     * resolver answers or gives up; an idle thread ends after a minute, so the pool holds nothing once unused. A
     * thread inherits nothing of whatever started it: no thread locals (the application server's invocation) and no
     * context class loader (the application's, which it would keep from being unloaded).
     */
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(null, work, "humane-outbound-lookup", 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        return thread;
    });

    BoundedLookups(HostResolver lookups, Duration longest) {
        this(lookups, longest, System::nanoTime);
    }

    BoundedLookups(HostResolver lookups, Duration longest, LongSupplier nanoTime) {
        if (longest.isNegative() || longest.isZero()) {
            throw new IllegalArgumentException("a lookup needs some time: " + longest);
        }
        this.lookups = lookups;
        this.longest = longest;
        this.nanoTime = nanoTime;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return resolve(host, longest);
    }

    @Override
    public List<InetAddress> resolve(String host, Duration within) throws UnknownHostException {
        Kept kept = recent.get(host);
        if (kept != null && kept.until() - nanoTime.getAsLong() > 0) {
            return kept.addresses();
        }
        long bound = Math.min(within.toNanos(), longest.toNanos());
        if (bound <= 0) {
            throw new LookupTimedOut(host + ": no time left to look it up");
        }
        try {
            return lookup(host).get(bound, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut(host + ": no answer within " + TimeUnit.NANOSECONDS.toMillis(bound) + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw failed(host + ": the lookup failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(host + ": interrupted while looking it up", e);
        }
    }

    /**
     * The host's lookup under way, or a new one. Its answer is kept whenever it comes, before its callers are told:
     * whoever it answered finds it kept; a failure is not.
     */
    private CompletableFuture<List<InetAddress>> lookup(String host) {
        return running.computeIfAbsent(host, name -> {
            CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
            // Out of the running lookups before its callers are told: a caller told of a failure asks anew.
            threads.execute(() -> {
                try {
                    List<InetAddress> addresses = lookups.resolve(name);
                    keep(name, addresses);
                    running.remove(name, lookup);
                    lookup.complete(addresses);
                } catch (Throwable failure) {
                    running.remove(name, lookup);
                    lookup.completeExceptionally(failure);
                }
            });
            return lookup;
        });
    }

    private void keep(String host, List<InetAddress> addresses) {
        if (recent.size() >= MOST_KEPT) {
            recent.clear();
        }
        recent.put(host, new Kept(addresses, nanoTime.getAsLong() + KEPT.toNanos()));
    }

    private static UnknownHostException timedOut(String message, Throwable cause) {
        UnknownHostException failure = new LookupTimedOut(message);
        failure.initCause(cause);
        return failure;
    }

    private static UnknownHostException failed(String message, Throwable cause) {
        UnknownHostException failure = new UnknownHostException(message);
        failure.initCause(cause);
        return failure;
    }

    private record Kept(List<InetAddress> addresses, long until) {
    }
}
