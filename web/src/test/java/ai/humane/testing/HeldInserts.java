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
 * Requests that race to insert into one table, released together: the superuser locks the table against writes
 * (reads go on), sends every request at once, waits until all of them wait behind the lock at their insert (or have
 * answered: no insert, no wait), then lets them all through. Whatever each checked before its insert, none could
 * see another's row; how many waited is counted, so a test can say the race was run at all.
 */
public final class HeldInserts {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private HeldInserts() {
    }

    /** The answers, in the order the requests were given, and how many requests waited for the table at most. */
    public record Race<T>(List<T> answers, int waiting) {
    }

    public static <T> Race<T> race(String table, List<Supplier<T>> requests) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(requests.size()); // at once, whatever the common pool's
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            Rows.execute(holder, "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
            List<CompletableFuture<T>> answers = new ArrayList<>();
            for (Supplier<T> request : requests) {
                answers.add(CompletableFuture.supplyAsync(request, senders));
            }
            int waiting = 0;
            for (Instant until = Instant.now().plus(PATIENCE); waiting < requests.size() && Instant.now().isBefore(until)
                    && answers.stream().noneMatch(CompletableFuture::isDone); Thread.sleep(50)) {
                waiting = Rows.waitingOn(holder);
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
