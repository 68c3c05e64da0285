package ai.humane.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reads of a request are noted only while the idempotency filter asks for them, and handed over once: a thread
 * serving a request without a key, or the next request, holds none of them.
 */
class RequestReadsTest {

    private final EndUserDataRead endUser = new EndUserDataRead("end_user", "end_user", "e-1", 1);
    private final EndUserDataRead list = new EndUserDataRead("end_users", "tenant", "t-1", 20);

    @Test
    void theReadsOfARequestAreNotedWhileAskedForAndHandedOverOnce() {
        RequestReads.note(endUser);
        assertEquals(List.of(), RequestReads.noted(), "not asked for: nothing noted");

        RequestReads.noting();
        RequestReads.note(endUser);
        RequestReads.note(list);
        assertEquals(List.of(endUser, list), RequestReads.noted());
        RequestReads.note(endUser);
        assertEquals(List.of(), RequestReads.noted(), "handed over: noting ended");

        RequestReads.noting();
        RequestReads.note(list);
        RequestReads.forget();
        assertEquals(List.of(), RequestReads.noted(), "forgotten");
    }

    @Test
    void eachThreadNotesOnlyItsOwnRequestsReads() throws InterruptedException {
        RequestReads.noting();
        Thread other = new Thread(() -> RequestReads.note(list));
        other.start();
        other.join(10_000);
        RequestReads.note(endUser);
        assertEquals(List.of(endUser), RequestReads.noted());
    }
}
