package ai.humane.accounts.control;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * bcrypt at cost 12 (S1), in one bounded pool with a line: at most {@link #CONCURRENT} hashes run at once (half the
 * processors; new passwords and checks alike) and {@value #WAITING} more wait their turn in order; beyond that, or
 * when a turn has not come within {@link #MOST_WAIT}, the caller gets a BulkheadException (503 with Retry-After).
 * A sign-in flood therefore holds at most {@code CONCURRENT + WAITING} request threads, waiting without CPU, and
 * gets at most {@link #CONCURRENT} threads' share of the processors; requests of every other kind keep the rest
 * (bench/login-flood). Refused at once instead, the flood's clients came straight back, and answering those
 * refusals took as much CPU as the hashes. The threads, {@code humane-bcrypt-N} in thread dumps, come from the
 * container's thread factory.
 * Passwords reach here already checked to be at most 72 bytes, so no strategy ever shortens one.
 */
@ApplicationScoped
public class PasswordHashing {

    public static final int COST = 12;
    /** Half the processors, at least one: the other half stays with requests of every other kind. */
    static final int CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    static final int WAITING = 32;
    static final Duration MOST_WAIT = Duration.ofSeconds(10);
    /** The threads' names in thread dumps: at most 15 characters with the number, Linux's limit. */
    static final String THREAD_NAME = "humane-bcrypt-";
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    /** Hashed for unknown e-mail addresses, so they take as long as a wrong password (S2). */
    private static final String DUMMY = BCrypt.with(VERSION, LongPasswordStrategies.none())
            .hashToString(COST, "not a password of anyone".toCharArray());

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService hashers;

    @PostConstruct
    void start() {
        start(threads);
    }

    void start(ThreadFactory factory) {
        AtomicInteger number = new AtomicInteger();
        hashers = pool(work -> {
            Thread thread = factory.newThread(work);
            thread.setName(THREAD_NAME + number.incrementAndGet());
            return thread;
        });
    }

    /** {@link #CONCURRENT} threads, {@value #WAITING} places in line, the next one refused. */
    static ThreadPoolExecutor pool(ThreadFactory factory) {
        return new ThreadPoolExecutor(CONCURRENT, CONCURRENT, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WAITING), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    @PreDestroy
    void stop() {
        hashers.shutdownNow();
    }

    public String hash(String password) {
        return inTurn(hashers, () -> BCrypt.with(VERSION, LongPasswordStrategies.none())
                .hashToString(COST, password.toCharArray()));
    }

    /**
     * Checks a password; with no stored hash it spends the same work on a dummy and fails. A candidate longer than
     * bcrypt reads ({@link PasswordPolicy#MAX_BYTES}) fails too, after the same work: no stored password is longer,
     * and bcrypt would compare only its first 72 bytes, so a 72-byte password followed by anything opened the account.
     */
    public boolean verify(String password, String storedHash) {
        byte[] candidate = password.getBytes(StandardCharsets.UTF_8);
        String hash = storedHash == null ? DUMMY : storedHash;
        boolean verified = inTurn(hashers, () -> BCrypt.verifyer(null, LongPasswordStrategies.none())
                .verify(candidate, hash.getBytes(StandardCharsets.US_ASCII)).verified);
        return verified && storedHash != null && candidate.length <= PasswordPolicy.MAX_BYTES;
    }

    /** Runs {@code work} on {@code pool} and waits for it, at most {@link #MOST_WAIT}; a full pool refuses at once. */
    static <T> T inTurn(ExecutorService pool, Callable<T> work) {
        return inTurn(pool, work, MOST_WAIT);
    }

    static <T> T inTurn(ExecutorService pool, Callable<T> work, Duration mostWait) {
        Future<T> done;
        try {
            done = pool.submit(work);
        } catch (RejectedExecutionException full) {
            throw new BulkheadException("Every password hashing place is taken and " + WAITING + " wait");
        }
        try {
            return done.get(mostWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            done.cancel(true);
            throw new BulkheadException("A password's turn did not come within " + mostWait.toMillis() + " ms");
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a password was hashed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("A password could not be hashed", e.getCause());
        }
    }

    /** A stored hash below today's cost is replaced after the next successful login. */
    public static boolean needsRehash(String storedHash) {
        try {
            return Integer.parseInt(storedHash.substring(4, 6)) < COST;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
