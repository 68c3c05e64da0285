package ai.humane.analysis.control;

import ai.humane.crypto.control.TokenNotDecryptable;
import ai.humane.json.control.JsonP;
import ai.humane.tenancy.control.TenantTransactions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dispatcher's steps for queued LLM analyses: claims due analyses tenant by tenant (each claim a short
 * transaction of its own, and only as many of an engine's as its bulkhead has places for, of a tenant's as its
 * share has), calls the provider outside any transaction and without a connection, and records the outcome in
 * another transaction.
 * A call is made only while the engine's breaker lets it; a failure that may pass (429, 5xx, the network) is
 * tried again later, honouring Retry-After, and so is a provider key this instance's Fernet ring does not open;
 * anything else, the tries used up, an open breaker or a deleted engine falls back to the lexicon, and the analysis says so. No message is lost:
 * a claim whose worker died comes back when its lease runs out.
 */
public class AnalysisWork {

    private static final Logger LOG = Logger.getLogger(AnalysisWork.class.getName());

    public static final int BATCH_SIZE = 20;
    public static final Duration LEASE = Duration.ofMinutes(2);
    /**
     * How long a claimed analysis may wait for its call: one not started by then is handed back untried, so what the
     * claim read for the call (the BAA gate, the provider URL and key; O6) is never older than this when the call
     * starts. No more are claimed than there are workers free, so none waits near as long but for a stalled machine.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);
    static final String DEFAULT_MODEL = "gpt-4o-mini";

    private final AnalysisRecords records = new AnalysisRecords();
    private final Usage usage = new Usage();
    private final Lexicon lexicon;
    private final ProviderCall call;
    private final EngineGuards guards;
    private final RetryPolicy retries;
    private final UnaryOperator<String> unseal;
    private final Clock clock;

    public AnalysisWork(Lexicon lexicon, ProviderCall call, EngineGuards guards, RetryPolicy retries,
                        UnaryOperator<String> unseal, Clock clock) {
        this.lexicon = lexicon;
        this.call = call;
        this.guards = guards;
        this.retries = retries;
        this.unseal = unseal;
        this.clock = clock;
    }

    /** What one try came to. */
    sealed interface Result {
    }

    record Answered(ProviderCall.Answer answer) implements Result {
    }

    /** {@code tried}: a call was made (and failed), rather than none could be. */
    record Retry(Instant at, String reason, boolean tried) implements Result {
    }

    record FallBack(String reason, boolean tried) implements Result {
    }

    /** What the drain does with a claimed analysis: runs it, {@code claimedAt} its claim's start ({@link System#nanoTime}). */
    @FunctionalInterface
    public interface Start {
        void start(ClaimedAnalysis job, long claimedAt);
    }

    /**
     * Claims, tenant by tenant in their turns ({@link EngineGuards#inTurn}: fewest calls in flight first), the due
     * analyses whose engine has a place in its bulkhead and whose tenant has one in its share (each claimed one holds
     * both until {@link #leave}), up to a batch per tenant and {@code room} in all, and hands each tenant's to
     * {@code start} as soon as its claim is committed. A tenant that holds all of its share
     * is not claimed for at all: its analyses stay due, no try spent, for a round after one of its calls ends. A tenant
     * whose claim fails is skipped this time, with the places it took given back. Answers how many were claimed.
     */
    public int claim(Connection db, int room, Start start) throws SQLException {
        int claimed = 0;
        for (UUID tenant : guards.inTurn(dueTenants(db))) {
            if (claimed == room) {
                break;
            }
            if (guards.atShare(tenant)) {
                continue;
            }
            Set<UUID> full = guards.full();
            List<UUID> entered = new ArrayList<>();
            int limit = Math.min(BATCH_SIZE, room - claimed);
            long claimedAt = System.nanoTime();
            List<ClaimedAnalysis> taken = List.of();
            try {
                taken = TenantTransactions.inTenant(db, tenant, tx -> records.rows().claim(tx, limit, LEASE, full,
                        engine -> guards.enter(tenant, engine) && entered.add(engine)));
                taken.forEach(job -> entered.remove(job.message().engineId()));
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Claiming the analyses of tenant " + tenant + " failed; the next round tries again", e);
            } finally {
                // A place taken for an analysis that did not end up claimed.
                entered.forEach(engine -> guards.leave(tenant, engine));
            }
            taken.forEach(job -> start.start(job, claimedAt));
            claimed += taken.size();
        }
        return claimed;
    }

    /** Gives back the places a claimed analysis holds (its engine's, its tenant's), once it is recorded or handed back. */
    public void leave(ClaimedAnalysis job) {
        if (job.message().engineId() != null) {
            guards.leave(job.tenantId(), job.message().engineId());
        }
    }

    public boolean release(Connection db, ClaimedAnalysis job) throws SQLException {
        return TenantTransactions.inTenant(db, job.tenantId(), tx -> records.rows().release(tx, job));
    }

    /** Tries the provider once, on no connection: the pool's connections are for requests while a provider thinks. */
    Result attempt(ClaimedAnalysis job) {
        UUID engine = job.message().engineId();
        if (engine == null || job.providerUrl() == null) {
            return new FallBack("the engine was deleted", false);
        }
        if (!job.mayLeave()) {
            // O6: read when claimed, so a BAA accepted after the message was queued still keeps its content in.
            return new FallBack("the tenant is under a BAA and the engine is not marked as covered by one", false);
        }
        String key;
        try {
            key = job.sealedKey() == null ? null : unseal.apply(job.sealedKey());
        } catch (TokenNotDecryptable e) {
            // This instance's ring may be the one behind: during a key rotation rolled out instance by instance, an
            // engine saved through an instance that already has the new key is opened by the others once they have
            // it too. So another instance, or this one later, tries again; only the tries used up fall back.
            String reason = "no key in FERNET_KEYS opens the provider key";
            return retries.next(clock.instant(), job.attempts() + 1, Optional.empty())
                    .<Result>map(at -> new Retry(at, reason, false)).orElseGet(() -> new FallBack(reason, false));
        }
        CircuitBreaker breaker = guards.breaker(engine);
        if (!breaker.tryAcquirePermission()) {
            return new FallBack("the engine's circuit breaker is open", false);
        }
        long start = System.nanoTime();
        try {
            ProviderCall.Answer answer = call.analyse(job.providerUrl(), key, model(job.config()), job.content());
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return new Answered(answer);
        } catch (ProviderFailure failure) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            Optional<Instant> next = failure.retryable()
                    ? retries.next(clock.instant(), job.attempts() + 1, failure.retryAfter()) : Optional.empty();
            return next.<Result>map(at -> new Retry(at, failure.reason(), true)).orElseGet(() -> new FallBack(failure.reason(), true));
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return new FallBack("the call failed (" + e.getClass().getSimpleName() + ")", true);
        }
    }

    /** Records what a try came to, in one transaction; false when the claim was lost meanwhile. */
    boolean record(Connection db, ClaimedAnalysis job, Result result) throws SQLException {
        UUID engine = job.message().engineId();
        // The usage counter is one row per engine and day that every call of the engine updates: it comes last, so
        // that its lock is held for the commit only, not for the rest of the transaction.
        return TenantTransactions.inTenant(db, job.tenantId(), tx -> {
            if (result instanceof Answered answered) {
                boolean kept = records.finished(tx, job, answered.answer().analysis(), "llm", null, true);
                usage.record(tx, engine, true, false, false, answered.answer().promptTokens(),
                        answered.answer().completionTokens());
                return kept;
            }
            if (result instanceof Retry retry) {
                boolean kept = records.rows().retry(tx, job, retry.at(), retry.reason());
                usage.record(tx, engine, retry.tried(), retry.tried(), false, 0, 0);
                return kept;
            }
            FallBack fallBack = (FallBack) result;
            boolean kept = records.finished(tx, job, lexicon.analyse(job.content()), "lexicon", fallBack.reason(),
                    fallBack.tried());
            if (engine != null) {
                usage.record(tx, engine, fallBack.tried(), fallBack.tried(), true, 0, 0);
            }
            return kept;
        });
    }

    /** The engine's {@code model} setting, or the default. */
    static String model(String config) {
        if (config == null) {
            return DEFAULT_MODEL;
        }
        try (var reader = JsonP.createReader(new StringReader(config))) {
            JsonObject settings = reader.readObject();
            return settings.get("model") instanceof JsonString model && !model.getString().isBlank()
                    ? model.getString() : DEFAULT_MODEL;
        }
    }

    private static List<UUID> dueTenants(Connection db) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT analysis_tenants_with_due_work()");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                tenants.add(row.getObject(1, UUID.class));
            }
        }
        return tenants;
    }
}
