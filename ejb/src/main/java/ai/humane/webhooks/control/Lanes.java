package ai.humane.webhooks.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The sending side of the dispatcher (W3): each endpoint's share of a claimed batch joins the endpoint's backlog, one
 * queue in due order that all of its running lanes take from, and as many lanes are started as are free (at most its
 * width). A lane sends one delivery after another until the backlog is empty; each outcome is recorded before the
 * lane's next send, or handed to the lane that is recording at that moment, which records it with its own. Before
 * this, each claim was dealt out to the lanes free at that moment: a claim asked for by one freed lane went to that
 * lane alone, to send one after another, while lanes freed a moment later found nothing to take, so a
 * drain ended with a few lanes working through long parts and the rest idle (bench/webhooks).
 *
 * <p>Every delivery still asks the endpoint's guards on its own: after each try the lane is left with the outcome (it
 * feeds the breaker of the endpoint's generation the delivery was claimed at, if that is still the newest) and entered
 * again; when the breaker has opened meanwhile, the whole backlog goes back untried.
 * A delivery whose claim is older than half the lease goes back untried too: another instance may take it over soon,
 * and it must not find this one still sending. So does one whose endpoint changed since its claim (disabled, deleted,
 * re-pointed, its secret rotated: {@link EndpointChanges}, asked in memory): it goes back to be claimed afresh, with the
 * endpoint as it is now, or held while it is disabled (V43), or with its endpoint gone. What goes back is claimed
 * again; nothing is lost, and no attempt is counted. A delivery left in a
 * backlog with no lane running (the rare race between a lane that stops and one refused its place) is taken by the
 * next lane started for the endpoint, or, if none is, claimed again once its lease has run out; the half-lease rule
 * keeps it from being sent under a claim that is no longer its own.
 *
 * <p>Tenants share the senders (the executor's threads) fairly: one tenant runs at most {@code tenantWidth} lanes at
 * once, whatever its number of endpoints, so receivers that hang, all of one tenant, hold at most that many senders
 * and the others' deliveries go on; and a lane gives its sender up after each delivery while other lanes wait for
 * one, and goes on from the back of the queue, so lanes beyond the senders take turns a delivery at a time instead
 * of waiting for whole backlogs to drain.
 */
public final class Lanes {

    /** A connection in auto-commit mode of the caller's pool; closed by the lane after each statement group. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(Lanes.class.getName());
    /** The most tries one lane writes in one go, so that its own deliveries wait a bounded time. */
    static final int RECORDED_AT_ONCE = 64;

    private final Dispatch dispatch;
    private final EndpointGuards guards;
    private final int width;
    private final int tenantWidth;
    private final Function<ClaimedDelivery, Outcome> sender;
    private final Connections connections;
    private final Executor executor;
    private final EndpointChanges changes;
    private final Map<UUID, ConcurrentLinkedDeque<Claimed>> backlogs = new ConcurrentHashMap<>();
    /** Tries sent and not yet recorded, of every endpoint; {@link #recording} is held by the lane writing them. */
    private final ConcurrentLinkedQueue<Dispatch.Tried> unrecorded = new ConcurrentLinkedQueue<>();
    private final ReentrantLock recording = new ReentrantLock();
    /** Lanes running (or waiting for a sender) per tenant, never above {@link #tenantWidth}; absent at none. */
    private final ConcurrentHashMap<UUID, Integer> tenantLanes = new ConcurrentHashMap<>();
    /** Lanes handed to the executor and not yet on a sender. */
    private final AtomicInteger waiting = new AtomicInteger();

    /** A lane that ran dry: its endpoint, and the endpoint's tenant. */
    public record Freed(UUID tenant, UUID endpoint) {
    }

    /** A claimed delivery and when its claim was made ({@link System#nanoTime()}). */
    private record Claimed(ClaimedDelivery delivery, long at) {
    }

    /** Lanes with no cap per tenant but the endpoints' width: for a single tenant's tests. */
    public Lanes(Dispatch dispatch, EndpointGuards guards, int width, Function<ClaimedDelivery, Outcome> sender,
                 Connections connections, Executor executor) {
        this(dispatch, guards, width, Integer.MAX_VALUE, sender, connections, executor);
    }

    /** Lanes told of no change of an endpoint: for tests of the lanes alone. */
    public Lanes(Dispatch dispatch, EndpointGuards guards, int width, int tenantWidth,
                 Function<ClaimedDelivery, Outcome> sender, Connections connections, Executor executor) {
        this(dispatch, guards, width, tenantWidth, sender, connections, executor, new EndpointChanges());
    }

    /**
     * {@code width} lanes at most per endpoint, {@code tenantWidth} per tenant (all its endpoints together, at least
     * {@code width}); {@code executor}'s threads are the senders; a delivery whose endpoint {@code changes} says
     * changed after its claim goes back untried.
     */
    public Lanes(Dispatch dispatch, EndpointGuards guards, int width, int tenantWidth,
                 Function<ClaimedDelivery, Outcome> sender, Connections connections, Executor executor,
                 EndpointChanges changes) {
        if (tenantWidth < width) {
            throw new IllegalArgumentException("a tenant's lanes (" + tenantWidth + ") are fewer than one endpoint's ("
                    + width + ")");
        }
        this.dispatch = dispatch;
        this.guards = guards;
        this.width = width;
        this.tenantWidth = tenantWidth;
        this.sender = sender;
        this.connections = connections;
        this.executor = executor;
        this.changes = changes;
    }

    /**
     * Adds {@code claimed} (claimed at {@code claimedAt}, {@link System#nanoTime()}) to the backlogs of their endpoints
     * and starts the free lanes of each, as far as the tenant's share allows; an endpoint with no free lane gets its
     * share back at once. {@code freed} runs on the lane's thread after each lane ends, with the lane's endpoint and
     * tenant (the dispatcher claims for the tenant again then). Answers how many lanes were started.
     */
    public int start(Connection db, List<ClaimedDelivery> claimed, long claimedAt, Consumer<Freed> freed)
            throws SQLException {
        int started = 0;
        for (List<ClaimedDelivery> deliveries : byEndpoint(claimed).values()) {
            UUID endpoint = deliveries.get(0).endpointId();
            UUID tenant = deliveries.get(0).tenantId();
            int places = takeTenantPlaces(tenant, Math.min(width, deliveries.size()));
            int entered = 0;
            while (entered < places && guards.enter(endpoint)) {
                entered++;
            }
            leaveTenant(tenant, places - entered);
            if (entered == 0) {
                for (ClaimedDelivery delivery : deliveries) {
                    dispatch.release(db, delivery);
                }
                continue;
            }
            ConcurrentLinkedDeque<Claimed> backlog = backlogs.computeIfAbsent(endpoint, id -> new ConcurrentLinkedDeque<>());
            deliveries.forEach(delivery -> backlog.add(new Claimed(delivery, claimedAt)));
            started += entered;
            for (int lane = 0; lane < entered; lane++) {
                launch(tenant, endpoint, backlog, true, freed);
            }
        }
        return started;
    }

    /** The tenants running as many lanes as they may: a claim for them could start none. */
    public Set<UUID> fullTenants() {
        return tenantLanes.entrySet().stream().filter(lanes -> lanes.getValue() >= tenantWidth).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Takes up to {@code wanted} of the tenant's places; answers how many it got. */
    private int takeTenantPlaces(UUID tenant, int wanted) {
        int[] taken = {0};
        tenantLanes.compute(tenant, (id, running) -> {
            int now = running == null ? 0 : running;
            taken[0] = Math.max(0, Math.min(wanted, tenantWidth - now));
            return now + taken[0] == 0 ? null : now + taken[0];
        });
        return taken[0];
    }

    private void leaveTenant(UUID tenant, int places) {
        if (places > 0) {
            tenantLanes.computeIfPresent(tenant, (id, running) -> running > places ? running - places : null);
        }
    }

    /**
     * Hands a lane to the executor: it holds one of its tenant's places from {@link #start} until it ends, across the
     * turns it gives up; {@code held}: whether it starts with a place in the endpoint's lane (its first turn does).
     */
    private void launch(UUID tenant, UUID endpoint, ConcurrentLinkedDeque<Claimed> backlog, boolean held,
                        Consumer<Freed> freed) {
        waiting.incrementAndGet();
        executor.execute(() -> {
            waiting.decrementAndGet();
            boolean turnGivenUp = false;
            try {
                if (run(endpoint, backlog, held)) {
                    launch(tenant, endpoint, backlog, false, freed);
                    turnGivenUp = true;
                }
            } finally {
                if (!turnGivenUp) {
                    leaveTenant(tenant, 1);
                    freed.accept(new Freed(tenant, endpoint));
                }
            }
        });
    }

    /**
     * One turn of a lane: starts with the place {@link #start} took for it when {@code held}, and takes from the
     * backlog until it is empty (false), or until other lanes wait for a sender after a delivery (true: the lane
     * goes on from the back of the queue, holding no place of the endpoint meanwhile).
     */
    private boolean run(UUID endpoint, ConcurrentLinkedDeque<Claimed> backlog, boolean held) {
        while (true) {
            Claimed next = backlog.poll();
            if (next == null) {
                if (held) {
                    guards.leave(endpoint);
                }
                // Left after looking: a delivery put back meanwhile by a lane refused its place is not stranded.
                if (backlog.isEmpty() || !resume(endpoint, backlog)) {
                    return false;
                }
                held = true;
                continue;
            }
            if (!held && !guards.enter(endpoint)) {
                backlog.addFirst(next);
                if (!resume(endpoint, backlog)) {
                    return false;
                }
                held = true;
                continue;
            }
            held = false;
            send(next);
            if (waiting.get() > 0 && !backlog.isEmpty()) {
                return true;
            }
        }
    }

    /**
     * After a place was refused or given up: true, with a place held, when this lane may go on; the whole backlog
     * goes back untried when the endpoint's breaker is open; otherwise another lane holds the place and goes on.
     */
    private boolean resume(UUID endpoint, ConcurrentLinkedDeque<Claimed> backlog) {
        if (guards.open().contains(endpoint)) {
            List<ClaimedDelivery> rest = new ArrayList<>();
            for (Claimed claimed = backlog.poll(); claimed != null; claimed = backlog.poll()) {
                rest.add(claimed.delivery());
            }
            release(rest);
            return false;
        }
        return guards.enter(endpoint);
    }

    /**
     * Sends one delivery on the place the lane holds, gives the place back with the outcome, and then records it:
     * recording holds no place, so a lane that is writing other lanes' tries too keeps no send of the endpoint waiting.
     */
    private void send(Claimed claimed) {
        ClaimedDelivery delivery = claimed.delivery();
        Outcome outcome = null;
        try {
            // Asked last before the request: a change committed after this is the one a request on the wire meets.
            if (System.nanoTime() - claimed.at() >= Dispatch.LEASE.toNanos() / 2 || changes.outdated(delivery)) {
                release(List.of(delivery));
                return;
            }
            outcome = sender.apply(delivery);
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is claimed again: at least once, never lost.
            LOG.log(Level.WARNING, "Delivery " + delivery.id() + " could not be sent; it will be tried again", e);
        } finally {
            // The outcome feeds the breaker of the generation it was claimed at even when it could not be recorded;
            // untried (null), the breaker's permission (a half-open breaker's one trial) goes back.
            guards.leave(delivery.endpointId(), delivery.generation(), outcome);
        }
        if (outcome != null) {
            record(new Dispatch.Tried(delivery, outcome));
        }
    }

    /**
     * Queues a try to be recorded, and records every queued try unless another lane is already at it: the tries that
     * end while one lane writes are written together by the next, one transaction a tenant (one round trip for their
     * marks and one commit, where each try had its own three: bench/webhooks). A lane whose try another lane records
     * goes on to its next delivery at once; the writing lane looks again after letting go, so no try is left queued.
     */
    private void record(Dispatch.Tried tried) {
        unrecorded.add(tried);
        while (!unrecorded.isEmpty() && recording.tryLock()) {
            try {
                List<Dispatch.Tried> batch = new ArrayList<>();
                for (Dispatch.Tried next; batch.size() < RECORDED_AT_ONCE && (next = unrecorded.poll()) != null; ) {
                    batch.add(next);
                }
                write(batch);
            } finally {
                recording.unlock();
            }
        }
    }

    private void write(List<Dispatch.Tried> batch) {
        Map<UUID, List<Dispatch.Tried>> byTenant = new LinkedHashMap<>();
        batch.forEach(tried -> byTenant.computeIfAbsent(tried.delivery().tenantId(), id -> new ArrayList<>()).add(tried));
        try (Connection db = connections.open()) {
            for (Map.Entry<UUID, List<Dispatch.Tried>> tenant : byTenant.entrySet()) {
                write(db, tenant.getKey(), tenant.getValue());
            }
        } catch (SQLException | RuntimeException e) {
            unrecorded(batch, e);
        }
    }

    /**
     * Records a tenant's tries together, and when that fails each alone: one try the database refuses rolls back the
     * transaction of all, and lost them all before 2026-12-06 (sent again after their leases, the refused one for ever).
     */
    private void write(Connection db, UUID tenant, List<Dispatch.Tried> tries) {
        try {
            dispatch.record(db, tenant, tries);
            return;
        } catch (SQLException | RuntimeException e) {
            if (tries.size() == 1) {
                unrecorded(tries, e);
                return;
            }
            LOG.log(Level.WARNING, tries.size() + " deliveries could not be recorded together; each is recorded alone", e);
        }
        for (Dispatch.Tried tried : tries) {
            try {
                dispatch.record(db, tenant, List.of(tried));
            } catch (SQLException | RuntimeException e) {
                unrecorded(List.of(tried), e);
            }
        }
    }

    /** Their leases run out and they are claimed again: at least once, never lost. */
    private static void unrecorded(List<Dispatch.Tried> tries, Exception e) {
        LOG.log(Level.WARNING, tries.size() + " deliveries could not be recorded (" + tries.get(0).delivery().id()
                + (tries.size() > 1 ? " and others" : "") + "); they will be tried again", e);
    }

    private void release(List<ClaimedDelivery> rest) {
        if (rest.isEmpty()) {
            return;
        }
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
}
