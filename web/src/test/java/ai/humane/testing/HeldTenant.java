package ai.humane.testing;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Requests that reach a tenant's row while it is locked, as a request under way locks it: the superuser holds the row
 * (a no-key update), sends each request in turn once the ones before it wait behind the lock (or have answered: no
 * lock, no wait), then lets them all through at once. Those that take the tenant's lock are let through in the order
 * they were sent; whether each waited is counted, so a test can say that the lock was taken at all.
 */
public final class HeldTenant {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private HeldTenant() {
    }

    /** The answers, in the order the requests were sent, and how many requests waited for the tenant's row at most. */
    public record Race(List<Api.Answer> answers, int waiting) {

        public List<Integer> sortedStatuses() {
            return answers.stream().map(Api.Answer::status).sorted().toList();
        }
    }

    public static Race race(UUID tenant, List<Supplier<Api.Answer>> requests) throws Exception {
        List<CompletableFuture<Api.Answer>> answers = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(requests.size()); // at once, whatever the common pool's
        try (Connection holder = TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            Rows.execute(holder, "UPDATE tenants SET name = name WHERE id = ?", tenant);
            int waiting = 0;
            for (Supplier<Api.Answer> request : requests) {
                answers.add(CompletableFuture.supplyAsync(request, senders));
                int sent = answers.size();
                for (Instant until = Instant.now().plus(PATIENCE); waiting < sent && Instant.now().isBefore(until)
                        && !answers.get(sent - 1).isDone(); Thread.sleep(50)) {
                    waiting = Rows.waitingOn(holder);
                }
            }
            holder.rollback();
            List<Api.Answer> answered = new ArrayList<>();
            for (CompletableFuture<Api.Answer> answer : answers) {
                answered.add(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            return new Race(answered, waiting);
        } finally {
            senders.shutdownNow();
        }
    }
}
