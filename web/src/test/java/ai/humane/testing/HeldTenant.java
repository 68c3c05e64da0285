package ai.humane.testing;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Requests that reach a tenant's row while it is locked, as a request under way locks it: the superuser holds the row
 * (a no-key update) while the requests are sent in turn ({@link HeldLock}). Those that take the tenant's lock are let
 * through in the order they were sent; whether each waited is counted, so a test can say that the lock was taken at
 * all.
 */
public final class HeldTenant {

    private HeldTenant() {
    }

    /** The answers, in the order the requests were sent, and how many requests waited for the tenant's row at most. */
    public record Race(List<Api.Answer> answers, int waiting) {

        public List<Integer> sortedStatuses() {
            return answers.stream().map(Api.Answer::status).sorted().toList();
        }
    }

    public static Race race(UUID tenant, List<Supplier<Api.Answer>> requests) throws Exception {
        HeldLock.Race<Api.Answer> race = HeldLock.race("UPDATE tenants SET name = name WHERE id = ?", requests, tenant);
        return new Race(race.answers(), race.waiting());
    }
}
