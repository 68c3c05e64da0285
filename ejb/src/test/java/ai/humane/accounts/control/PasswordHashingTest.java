package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private final PasswordHashing hashing = new PasswordHashing();

    @BeforeEach
    void start() {
        hashing.start(Executors.defaultThreadFactory());
    }

    @AfterEach
    void stop() {
        hashing.stop();
    }

    @Test
    void halfTheProcessorsHashAtOnceThirtyTwoWaitInLineAndTheNextIsRefused() throws InterruptedException {
        ThreadPoolExecutor pool = PasswordHashing.pool(Executors.defaultThreadFactory());
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < PasswordHashing.CONCURRENT + PasswordHashing.WAITING; i++) {
                pool.submit(() -> release.await(1, TimeUnit.MINUTES));
            }
            assertEquals(PasswordHashing.CONCURRENT, pool.getPoolSize());
            assertEquals(PasswordHashing.WAITING, pool.getQueue().size());
            assertThrows(BulkheadException.class, () -> PasswordHashing.inTurn(pool, () -> "never run"));
            assertEquals(PasswordHashing.WAITING, pool.getQueue().size(), "refused, not put in line");
            release.countDown();
            for (int wait = 0; wait < 600 && !pool.getQueue().isEmpty(); wait++) {
                Thread.sleep(50); // the waiting ones end as soon as they are let go; bounded at 30 s
            }
            assertEquals("in turn", PasswordHashing.inTurn(pool, () -> "in turn"), "a place frees, the next runs");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWhoseTurnDoesNotComeInTimeIsRefusedAndItsHashNeverRuns() throws InterruptedException {
        ThreadPoolExecutor pool = PasswordHashing.pool(Executors.defaultThreadFactory());
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        try {
            for (int i = 0; i < PasswordHashing.CONCURRENT; i++) {
                pool.submit(() -> release.await(1, TimeUnit.MINUTES));
            }
            assertThrows(BulkheadException.class, () -> PasswordHashing.inTurn(pool, () -> ran.getAndSet(true),
                    Duration.ofMillis(100)));
            release.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
            assertFalse(ran.get(), "a caller that gave up leaves no hash behind");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void hashesAtCostTwelveAndVerifies() {
        String hash = hashing.hash("correct horse battery");
        assertTrue(hash.startsWith("$2b$12$"), hash);
        assertTrue(hashing.verify("correct horse battery", hash));
        assertFalse(hashing.verify("correct horse batterz", hash));
    }

    @Test
    void usesAllSeventyTwoBytes() {
        String base = "x".repeat(71);
        String hash = hashing.hash(base + "a");
        assertFalse(hashing.verify(base + "b", hash), "the 72nd byte must count");
    }

    @Test
    void anUnknownAccountNeverVerifies() {
        assertFalse(hashing.verify("anything at all", null));
    }

    @Test
    void aLowerCostHashNeedsRehashing() {
        String costTen = BCrypt.withDefaults().hashToString(10, "correct horse battery".toCharArray());
        assertTrue(hashing.verify("correct horse battery", costTen));
        assertTrue(PasswordHashing.needsRehash(costTen));
        assertFalse(PasswordHashing.needsRehash(hashing.hash("correct horse battery")));
    }
}
