package ai.humane.webhooks.control;

import ai.humane.mail.control.MailQueue;
import ai.humane.optouts.control.UnsubscribeLinks;
import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dispatcher's steps (W3, W4): finds the tenants with due deliveries, and for each claims a batch in a
 * short transaction of its own; each delivery is sent outside any transaction and its outcome recorded in
 * another, with the outcomes of the tenant's other deliveries that ended meanwhile; the dispatcher spreads the
 * sending over lanes. The tenant is raised for each transaction (row-level security sees only that tenant's rows), never for the
 * connection, so a pooled connection carries no tenant out of here.
 */
public class Dispatch {

    private static final Logger LOG = Logger.getLogger(Dispatch.class.getName());

    public static final int BATCH_SIZE = 20;
    public static final Duration LEASE = Duration.ofMinutes(2);

    /** How often one instance writes a tenant's {@code webhook_tenant_tries} row at most (V58). */
    static final Duration TRIES_NOTED_EVERY = Duration.ofSeconds(5);
    private static final int MOST_TENANTS_NOTED = 100_000;

    private final DeliveryRows deliveries = new DeliveryRows();
    /** When this instance last wrote each tenant's tries (System.nanoTime), so that it asks the row seldom. */
    private final Map<UUID, Long> triesNoted = new ConcurrentHashMap<>();
    private final EndpointRows endpoints;
    private final Clock clock;
    private final EndpointChanges changes;
    private final Runnable mailCommitted;

    /** Like {@link #Dispatch(Clock, UnsubscribeLinks, MailQueue, EndpointChanges)}, telling nobody of a 410's disabling. */
    public Dispatch(Clock clock, UnsubscribeLinks unsubscribe, MailQueue outbox) {
        this(clock, unsubscribe, outbox, new EndpointChanges());
    }

    /**
     * {@code unsubscribe} signs the links in the {@code webhook_failing} e-mail (K4); {@code outbox} seals
     * and queues it (K3); {@code changes} learns of an endpoint a 410 disabled once that is committed, so that the
     * lanes send none of its other claimed deliveries.
     */
    public Dispatch(Clock clock, UnsubscribeLinks unsubscribe, MailQueue outbox, EndpointChanges changes) {
        this(clock, unsubscribe, outbox, changes, () -> {
        });
    }

    /**
     * Like {@link #Dispatch(Clock, UnsubscribeLinks, MailQueue, EndpointChanges)}; {@code mailCommitted} runs once the
     * transaction that queued {@code webhook_failing} e-mails has committed (the mail dispatcher sends them at once,
     * not at its next trigger), and never for one rolled back.
     */
    public Dispatch(Clock clock, UnsubscribeLinks unsubscribe, MailQueue outbox, EndpointChanges changes,
            Runnable mailCommitted) {
        this.clock = clock;
        this.endpoints = new EndpointRows(unsubscribe, outbox);
        this.changes = changes;
        this.mailCommitted = mailCommitted;
    }

    /** Claims a batch of every tenant with due deliveries, except deliveries to {@code skipped} endpoints. */
    public List<ClaimedDelivery> claim(Connection db, Set<UUID> skipped) throws SQLException {
        return claim(db, skipped, BATCH_SIZE);
    }

    /** Like {@link #claim(Connection, Set)}, up to {@code batch} deliveries of each tenant. */
    public List<ClaimedDelivery> claim(Connection db, Set<UUID> skipped, int batch) throws SQLException {
        return claim(db, dueTenants(db), skipped, batch);
    }

    /**
     * Like {@link #claim(Connection, Set, int)} for the given tenants only, without looking for every tenant with due
     * deliveries: that look-up reads every due delivery of every tenant (3.5 ms a call with 5,000 queued, 124 calls in
     * a drain of 5,000 in bench/webhooks), while a lane that ran dry knows its tenant.
     */
    public List<ClaimedDelivery> claim(Connection db, Collection<UUID> tenants, Set<UUID> skipped, int batch)
            throws SQLException {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (UUID tenant : tenants) {
            claimed.addAll(TenantTransactions.inTenant(db, tenant, tx -> deliveries.claim(tx, batch, LEASE, skipped)));
        }
        return claimed;
    }

    /** One try of a claimed delivery and what it came to. */
    public record Tried(ClaimedDelivery delivery, Outcome outcome) {
    }

    /**
     * Records the tries of {@code tenant}'s deliveries in one transaction of that tenant, their marks written by one
     * statement (one round trip, one commit for all); answers how many marks landed (a mark whose claim was lost
     * meanwhile writes nothing). A failure rolls all of them back: their leases run out and they are tried again.
     */
    public int record(Connection db, UUID tenant, List<Tried> tries) throws SQLException {
        Map<UUID, Long> disabled = new HashMap<>();
        Settled settled = TenantTransactions.inTenant(db, tenant, tx -> {
            disabled.clear();
            return settle(tx, tries, disabled);
        });
        disabled.forEach(changes::committed);
        if (settled.told() > 0) {
            announce();
        }
        if (settled.marked() > 0) {
            noteTries(db, tenant);
        }
        return settled.marked();
    }

    /**
     * Says when the tenant's tries were last recorded (V58, the status page's measure of the dispatcher's lateness), in
     * a transaction of its own after the marks' commit, at most every {@link #TRIES_NOTED_EVERY} per tenant from this
     * instance (and, by its row, from any). It holds the tenant's row for its one statement only: inside the
     * recording's transaction the row stayed locked while the 410's disabling and the failing spell's start waited for
     * endpoint rows, a deadlock with another recording of the tenant (found by a read-only review). A failure leaves
     * the marks as they are; the next recording says it again.
     */
    private void noteTries(Connection db, UUID tenant) {
        long now = System.nanoTime();
        Long noted = triesNoted.get(tenant);
        if (noted != null && now - noted < TRIES_NOTED_EVERY.toNanos()) {
            return;
        }
        try {
            TenantTransactions.inTenant(db, tenant, tx -> deliveries.tried(tx, tenant));
            if (triesNoted.size() >= MOST_TENANTS_NOTED) {
                triesNoted.clear();
            }
            triesNoted.put(tenant, now);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The tries were recorded, not when: the status page counts the tenant's wait from"
                    + " its last noted tries until the next recording", e);
        }
    }

    /** The marks are committed whatever the announcement does: a failed one leaves the notices to the next trigger. */
    private void announce() {
        try {
            mailCommitted.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The failing notices were queued; the mail dispatcher's next trigger sends them", e);
        }
    }

    /** What one recording did: the marks that landed and the owners told of a failing spell it started. */
    private record Settled(int marked, int told) {
    }

    /**
     * Holds the due deliveries of disabled endpoints that V43's triggers could not (fanned out by a transaction that
     * committed just after the disabling, or left {@code sending} by a sender that died while it was disabled), each
     * tenant's in a transaction of its own; answers how many were held. Each disabled endpoint is read {@code FOR
     * SHARE}, so an enabling waits for the holding to commit and then puts them back with the others: held under an
     * endpoint enabled meanwhile, they would stay held. Endpoints and deliveries locked by somebody else are passed over
     * ({@code SKIP LOCKED}) until the next sweep: it waits for nobody, and a claim, which locks enabled endpoints'
     * deliveries only and no endpoint, never waits for it. The other way round, it puts back the deliveries held under
     * an endpoint that is enabled (V50): a hand-back or a record that read the endpoint disabled holds its delivery, by
     * V43's trigger, after the enabling put the endpoint's held deliveries back, and nothing else would look at it again.
     * Answers how many moved either way.
     */
    public int holdStrays(Connection db) throws SQLException {
        int held = 0;
        for (UUID tenant : tenants(db, "webhook_tenants_with_stray_deliveries")) {
            held += TenantTransactions.inTenant(db, tenant, deliveries::holdStrays);
        }
        return held;
    }

    /** Hands a claimed delivery back untried. */
    public boolean release(Connection db, ClaimedDelivery delivery) throws SQLException {
        return TenantTransactions.inTenant(db, delivery.tenantId(), tx -> deliveries.release(tx, delivery));
    }

    /**
     * {@code disabled} gets the endpoints a 410 disabled, with their new generations. A 410 disables its endpoint only
     * as the delivery's claim read it: one answered by a URL the endpoint no longer has, or across a change of its
     * secrets (a request on the wire as the change committed), is a failed try like any other, so the receiver at a URL
     * an endpoint was moved away from cannot disable it. Other 410s of the same batch, of the endpoint as it was,
     * end like the first.
     */
    private Settled settle(Connection tx, List<Tried> tries, Map<UUID, Long> disabled) throws SQLException {
        Instant now = clock.instant();
        Map<UUID, Long> goneAt = new HashMap<>();
        List<DeliveryRows.Mark> marks = new ArrayList<>(tries.size());
        for (Tried tried : tries) {
            ClaimedDelivery delivery = tried.delivery();
            Outcome outcome = tried.outcome();
            if (outcome.succeeded()) {
                marks.add(new DeliveryRows.Mark(delivery, outcome, "succeeded", now, true));
            } else if (outcome.gone() && gone(tx, delivery, goneAt, disabled)) {
                marks.add(new DeliveryRows.Mark(delivery, outcome, "failed", now, false));
            } else {
                // The schedule's first try is this one when it has none yet (the mark sets first_attempt_at to it).
                Instant first = delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : outcome.attemptedAt();
                Optional<Instant> next = new RetrySchedule(clock).next(first, delivery.failures() + 1,
                        outcome.retryAfter());
                marks.add(new DeliveryRows.Mark(delivery, outcome, next.isPresent() ? "pending" : "failed",
                        next.orElse(now), false));
            }
        }
        boolean[] landed = deliveries.record(tx, marks);
        int marked = 0;
        int told = 0;
        for (int i = 0; i < marks.size(); i++) {
            DeliveryRows.Mark mark = marks.get(i);
            if (!landed[i]) {
                LOG.warning(() -> "Delivery " + mark.delivery().id() + " was tried after its lease ran out; another "
                        + "instance may try it again");
                continue;
            }
            marked++;
            // Out of tries (not gone: a 410 disabled the endpoint above): the endpoint's failing spell begins.
            ClaimedDelivery delivery = mark.delivery();
            boolean ended = mark.outcome().gone()
                    && Long.valueOf(delivery.generation()).equals(goneAt.get(delivery.endpointId()));
            if ("failed".equals(mark.status()) && !ended) {
                told += endpoints.failing(tx, delivery.endpointId(), delivery.generation());
            }
        }
        return new Settled(marked, told);
    }

    /** True when the 410 of {@code delivery} ends it: its endpoint was disabled by it, or by a 410 of the batch before. */
    private boolean gone(Connection tx, ClaimedDelivery delivery, Map<UUID, Long> goneAt, Map<UUID, Long> disabled)
            throws SQLException {
        Long claimedAt = goneAt.get(delivery.endpointId());
        if (claimedAt != null) {
            return claimedAt == delivery.generation();
        }
        OptionalLong generation = endpoints.disable(tx, delivery.endpointId(), delivery.generation(),
                "the receiver answered 410 Gone");
        if (generation.isEmpty()) {
            return false;
        }
        goneAt.put(delivery.endpointId(), delivery.generation());
        disabled.put(delivery.endpointId(), generation.getAsLong());
        return true;
    }

    /** The tenants with due deliveries (each tenant's scope shows only its own; this look-up reads them all). */
    public List<UUID> dueTenants(Connection db) throws SQLException {
        return tenants(db, "webhook_tenants_with_due_deliveries");
    }

    /** The tenants a look-up across tenants answers (a function of V6 or V45: ids only). */
    private static List<UUID> tenants(Connection db, String lookUp) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT " + lookUp + "()");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                tenants.add(row.getObject(1, UUID.class));
            }
        }
        return tenants;
    }
}
