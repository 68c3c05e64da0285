package ai.humane.dispatch.control;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dispatcher's claim rounds, one at a time and none lost; the webhook, LLM analysis and mail dispatchers share it.
 * A trigger (the schedule, or a lane or call that just ended) asks for a round: the caller that finds none running
 * runs rounds on its own thread until no ask is left; an ask made while a round runs makes that caller go round
 * once more (any number of asks during a round make one more round). Dropping such an ask ("already running,
 * skip") left a place freed meanwhile idle until the next tick. A round that throws ends the run, and the next ask
 * starts afresh. Thread-safe.
 */
public final class Rounds {

    private final Runnable round;
    /** Asks not yet served, plus the one that started the run; 0 when no round runs. */
    private final AtomicInteger asked = new AtomicInteger();

    public Rounds(Runnable round) {
        this.round = round;
    }

    /** Runs rounds until no ask is left, or leaves that to the thread already doing so. */
    public void ask() {
        if (asked.getAndIncrement() > 0) {
            return;
        }
        try {
            int served;
            do {
                served = asked.get();
                round.run();
            } while (asked.addAndGet(-served) > 0);
        } catch (RuntimeException | Error e) {
            asked.set(0);
            throw e;
        }
    }
}
