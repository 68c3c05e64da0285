package ai.humane.webhooks.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sending side of the dispatcher (W3): each endpoint's share of a claimed batch is spread over as many of its
 * lanes as are free (at most its width), and each lane sends its part one delivery after another, recording each
 * outcome before the next. One claim so feeds a lane several deliveries; before this, a freed lane claimed a whole
 * batch, kept one delivery and handed the rest back one statement each (measured in bench/webhooks).
 *
 * <p>Every delivery still asks the endpoint's guards on its own: after each try the lane is left with the
 * outcome (it feeds the breaker) and entered again, so a breaker that opens mid-way sends the rest back untried.
 * A delivery whose claim is older than half the lease goes back untried too: another instance may take it over
 * soon, and it must not find this one still sending. What goes back is claimed again; nothing is lost.
 */
public final class Lanes {

    /** A connection in auto-commit mode of the caller's pool; closed by the lane after each statement group. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(Lanes.class.getName());

    private final Dispatch dispatch;
    private final EndpointGuards guards;
    private final int width;
    private final Function<ClaimedDelivery, Outcome> sender;
    private final Connections connections;
    private final Executor executor;

    public Lanes(Dispatch dispatch, EndpointGuards guards, int width, Function<ClaimedDelivery, Outcome> sender,
                 Connections connections, Executor executor) {
        this.dispatch = dispatch;
        this.guards = guards;
        this.width = width;
        this.sender = sender;
        this.connections = connections;
        this.executor = executor;
    }

    /**
     * Hands {@code claimed} (claimed at {@code claimedAt}, {@link System#nanoTime()}) to the free lanes of each
     * endpoint; what finds no free lane goes back at once. {@code freed} runs on the lane's thread after each
     * lane's part is done (the dispatcher claims again then). Answers how many lanes were started.
     */
    public int start(Connection db, List<ClaimedDelivery> claimed, long claimedAt, Runnable freed) throws SQLException {
        int started = 0;
        for (List<ClaimedDelivery> deliveries : byEndpoint(claimed).values()) {
            UUID endpoint = deliveries.get(0).endpointId();
            int entered = 0;
            while (entered < Math.min(width, deliveries.size()) && guards.enter(endpoint)) {
                entered++;
            }
            if (entered == 0) {
                for (ClaimedDelivery delivery : deliveries) {
                    dispatch.release(db, delivery);
                }
                continue;
            }
            started += entered;
            for (List<ClaimedDelivery> part : split(deliveries, entered)) {
                executor.execute(() -> {
                    try {
                        run(part, claimedAt);
                    } finally {
                        freed.run();
                    }
                });
            }
        }
        return started;
    }

    /** One lane's part, in order; the lane is held on entry (by {@link #start}) and left at the end. */
    void run(List<ClaimedDelivery> part, long claimedAt) {
        for (int i = 0; i < part.size(); i++) {
            ClaimedDelivery delivery = part.get(i);
            if (i > 0 && !guards.enter(delivery.endpointId())) {
                // The breaker opened (or the lane was taken) meanwhile: the rest waits for a later claim.
                release(part.subList(i, part.size()));
                return;
            }
            Outcome outcome = null;
            try {
                if (System.nanoTime() - claimedAt >= Dispatch.LEASE.toNanos() / 2) {
                    release(part.subList(i, part.size()));
                    return;
                }
                outcome = sender.apply(delivery);
                try (Connection db = connections.open()) {
                    dispatch.record(db, delivery, outcome);
                }
            } catch (SQLException | RuntimeException e) {
                // The lease runs out and the delivery is claimed again: at least once, never lost.
                LOG.log(Level.WARNING, "Delivery " + delivery.id() + " could not be recorded; it will be tried again", e);
            } finally {
                // The outcome feeds the breaker even when it could not be recorded; untried (null), the breaker's
                // permission (a half-open breaker's one trial) goes back.
                guards.leave(delivery.endpointId(), outcome);
            }
        }
    }

    private void release(List<ClaimedDelivery> rest) {
        try (Connection db = connections.open()) {
            for (ClaimedDelivery delivery : rest) {
                dispatch.release(db, delivery);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, rest.size() + " deliveries could not be handed back; their lease frees them", e);
        }
    }

    /** Claimed deliveries per endpoint, each endpoint's in claim order (due first). */
    static Map<UUID, List<ClaimedDelivery>> byEndpoint(List<ClaimedDelivery> claimed) {
        Map<UUID, List<ClaimedDelivery>> grouped = new LinkedHashMap<>();
        for (ClaimedDelivery delivery : claimed) {
            grouped.computeIfAbsent(delivery.endpointId(), id -> new ArrayList<>()).add(delivery);
        }
        return grouped;
    }

    /** {@code deliveries} dealt out to {@code lanes} parts in turn, so the earliest due go first in every lane. */
    static List<List<ClaimedDelivery>> split(List<ClaimedDelivery> deliveries, int lanes) {
        List<List<ClaimedDelivery>> parts = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < deliveries.size(); i++) {
            parts.get(i % lanes).add(deliveries.get(i));
        }
        return parts;
    }
}
