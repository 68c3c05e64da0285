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

/**
 * The dispatcher's steps for queued LLM analyses: claims due analyses tenant by tenant (each claim a short
 * transaction of its own), calls the provider outside any transaction, and records the outcome in another.
 * A call is made only while the engine's breaker lets it; a failure that may pass (429, 5xx, the network) is
 * tried again later, honouring Retry-After; anything else, the tries used up, an open breaker, a deleted
 * engine or a key no Fernet key opens falls back to the lexicon, and the analysis says so. No message is lost:
 * a claim whose worker died comes back when its lease runs out.
 */
public class AnalysisWork {

    public static final int BATCH_SIZE = 20;
    public static final Duration LEASE = Duration.ofMinutes(2);
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

    record Retry(Instant at, String reason) implements Result {
    }

    record FallBack(String reason, boolean tried) implements Result {
    }

    /** Claims a batch of every tenant with due analyses, except those of {@code skipped} engines. */
    public List<ClaimedAnalysis> claim(Connection db, Set<UUID> skipped) throws SQLException {
        List<ClaimedAnalysis> claimed = new ArrayList<>();
        for (UUID tenant : dueTenants(db)) {
            claimed.addAll(TenantTransactions.inTenant(db, tenant, tx -> records.rows().claim(tx, BATCH_SIZE, LEASE, skipped)));
        }
        return claimed;
    }

    /** Tries the provider once and records what came of it; false when the claim was lost meanwhile. */
    public boolean run(Connection db, ClaimedAnalysis job) throws SQLException {
        return record(db, job, attempt(job));
    }

    public boolean release(Connection db, ClaimedAnalysis job) throws SQLException {
        return TenantTransactions.inTenant(db, job.tenantId(), tx -> records.rows().release(tx, job));
    }

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
            return new FallBack("no key in FERNET_KEYS opens the provider key", false);
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
            return next.<Result>map(at -> new Retry(at, failure.reason())).orElseGet(() -> new FallBack(failure.reason(), true));
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return new FallBack("the call failed (" + e.getClass().getSimpleName() + ")", true);
        }
    }

    private boolean record(Connection db, ClaimedAnalysis job, Result result) throws SQLException {
        UUID engine = job.message().engineId();
        return TenantTransactions.inTenant(db, job.tenantId(), tx -> {
            if (result instanceof Answered answered) {
                usage.record(tx, engine, true, false, false, answered.answer().promptTokens(),
                        answered.answer().completionTokens());
                return records.finished(tx, job, answered.answer().analysis(), "llm", null, true);
            }
            if (result instanceof Retry retry) {
                usage.record(tx, engine, true, true, false, 0, 0);
                return records.rows().retry(tx, job, retry.at(), retry.reason());
            }
            FallBack fallBack = (FallBack) result;
            if (engine != null) {
                usage.record(tx, engine, fallBack.tried(), fallBack.tried(), true, 0, 0);
            }
            return records.finished(tx, job, lexicon.analyse(job.content()), "lexicon", fallBack.reason(), fallBack.tried());
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
