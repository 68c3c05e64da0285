package ai.humane.testing;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Requests that reach a lock the superuser holds, as a request under way would hold it: the lock is taken by one
 * statement in the superuser's transaction, each request is sent in turn once the ones before it wait behind the
 * lock (or have answered: no lock, no wait), then all are let through at once by the rollback. Those that wait are
 * let through in the order they were sent; how many waited is counted, so a test can say the race was run at all.
 * {@link HeldTenant} holds a tenant's row; a table locked against writes holds every insert into it.
 */
public final class HeldLock {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private HeldLock() {
    }

    /** The answers, in the order the requests were sent, and how many requests waited for the lock at most. */
    public record Race<T>(List<T> answers, int waiting) {
    }

    /** Runs the requests behind the lock that {@code lock} (with its {@code parameters}) takes. */
    public static <T> Race<T> race(String lock, List<Supplier<T>> requests, Object... parameters) throws Exception {
        List<CompletableFuture<T>> answers = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(requests.size()); // at once, whatever the common pool's
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            Rows.execute(holder, lock, parameters);
            int waiting = 0;
            for (Supplier<T> request : requests) {
                answers.add(CompletableFuture.supplyAsync(request, senders));
                int sent = answers.size();
                for (Instant until = Instant.now().plus(PATIENCE); waiting < sent && Instant.now().isBefore(until)
                        && !answers.get(sent - 1).isDone(); Thread.sleep(50)) {
                    waiting = Rows.waitingOn(holder);
                }
            }
            holder.rollback();
            List<T> answered = new ArrayList<>();
            for (CompletableFuture<T> answer : answers) {
                answered.add(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            return new Race<>(answered, waiting);
        } finally {
            senders.shutdownNow();
        }
    }
}
