package ai.humane.grid.control;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens grid objects on a thread of its own that carries none of this application's invocation. Payara attaches the
 * invocation current when a grid object is created (its Hazelcast tenant control) and re-enters it around every
 * operation on that object, on whichever thread runs it: for the rate counters' map, each hit activated a CDI request
 * context and looked up a bean manager on the partition thread first, 60 % of that thread's time (76 µs of its CPU a
 * request, 27 µs without; bench/edge-chain, 2026-12-04). Payara keeps the invocation in an
 * {@code InheritableThreadLocal}, so the thread is made not to inherit any. What is opened this way must hold no class
 * of ours (strings, arrays of longs): it has no context to load one from.
 */
public final class GridObjects {

    private GridObjects() {
    }

    /** {@code open}'s result, opened on a fresh thread named {@code name}; {@code what} names it in a failure. */
    public static <T> T openedOutsideInvocation(String name, String what, Callable<T> open) {
        FutureTask<T> opening = new FutureTask<>(open);
        new Thread(null, opening, name, 0, false).start();
        try {
            return opening.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " could not be opened", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening " + what, e);
        }
    }
}
