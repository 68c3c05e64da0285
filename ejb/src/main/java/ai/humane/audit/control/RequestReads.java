package ai.humane.audit.control;

import java.util.ArrayList;
import java.util.List;

/**
 * O6, A2: the reads of end-user data that the request the current thread serves has asked {@link EndUserDataReads} to
 * record, BAA or not, noted only while the idempotency filter asks for them (a request with an
 * {@code Idempotency-Key} whose answer may be kept). A replay of that answer runs nothing, so the reads are kept with
 * it and recorded again from there, under a BAA as it holds at the replay; no route has to say what it reads. A
 * thread, not a CDI scope: the request's EJBs run on the thread of its JAX-RS filters (no route is asynchronous), as
 * for {@code CarriedOut}. A read whose transaction rolls back stays noted: a replay recording one read too many is
 * the safe side, and such an answer is seldom kept (a failure is 400 or more).
 */
public final class RequestReads {

    private static final ThreadLocal<List<EndUserDataRead>> NOTED = new ThreadLocal<>();

    private RequestReads() {
    }

    /** From now on, the reads on this thread are noted (none so far). */
    public static void noting() {
        NOTED.set(new ArrayList<>());
    }

    /** The reads noted since {@link #noting()}, in order; noting ends. Empty when nothing was being noted. */
    public static List<EndUserDataRead> noted() {
        List<EndUserDataRead> noted = NOTED.get();
        NOTED.remove();
        return noted == null ? List.of() : List.copyOf(noted);
    }

    /** Noting ends, the notes dropped: the answer is not kept, or the thread serves another request. */
    public static void forget() {
        NOTED.remove();
    }

    static void note(EndUserDataRead read) {
        List<EndUserDataRead> noted = NOTED.get();
        if (noted != null) {
            noted.add(read);
        }
    }
}
