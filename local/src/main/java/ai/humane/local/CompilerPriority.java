package ai.humane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server's JIT compilers (HotSpot's C1 and C2 threads) at a lower scheduling priority while the server
 * boots, and back at the priority they had once the server is ready.
 *
 * <p>A boot keeps both cores of a small machine busy and the compilers spend more CPU than the deployment
 * itself (C2 alone about as much), compiling what mostly only the boot runs; the deployment is one thread, and
 * it shared a core with them (bench/boot/REPORT.md). {@value #STEPS} steps lower (nice 10 from the usual 0),
 * they compile on what the boot leaves over; from readiness on they have their usual priority again, so
 * requests are compiled as before.
 *
 * <p>Applied only where the priority can be given back. Lowering a thread's priority is open to everyone,
 * raising it again needs {@code CAP_SYS_NICE} (root's usual capabilities; a container's default set lacks
 * it): a compiler left low would warm a loaded server up slowly, so without the capability, without
 * {@code /proc} or without {@code renice} (util-linux) nothing changes.
 */
public final class CompilerPriority {

    /** How much lower than before the compilers run while the server boots (never below the lowest, nice 19). */
    public static final int STEPS = 10;
    private static final int LOWEST = 19;

    // "C1 CompilerThread0", "C2 CompilerThread0", …: /proc keeps the first 15 characters of a thread's name.
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final int CAP_SYS_NICE = 23;
    private static final long APPEARS_WITHIN_MILLIS = 2_000;
    private static final CompilerPriority UNCHANGED = new CompilerPriority(0, OptionalInt.empty());

    private final long pid;
    private final OptionalInt before;

    private CompilerPriority(long pid, OptionalInt before) {
        this.pid = pid;
        this.before = before;
    }

    /**
     * Lowers the compiler threads of the JVM {@code pid} (just started: waits up to two seconds for them).
     * Returns what {@link #restore()} gives back; nothing is changed where it could not be given back.
     */
    public static CompilerPriority lowerWhileBooting(long pid) throws InterruptedException {
        if (!mayRaisePriorities()) {
            return UNCHANGED;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPEARS_WITHIN_MILLIS);
        List<Long> threads = compilerThreads(pid);
        while (threads.size() < COMPILER_THREADS.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            threads = compilerThreads(pid);
        }
        OptionalInt before = threads.isEmpty() ? OptionalInt.empty() : nice(pid, threads.get(0));
        if (before.isEmpty()) {
            return UNCHANGED;
        }
        CompilerPriority lowered = new CompilerPriority(pid, before);
        if (!setAll(pid, threads, duringBoot(before.getAsInt()))) {
            lowered.restore();
            return UNCHANGED;
        }
        return lowered;
    }

    /** The nice value the compilers have while the server boots, when they had {@code before}. */
    public static int duringBoot(int before) {
        return Math.min(LOWEST, before + STEPS);
    }

    /** Whether the compiler threads run at a lowered priority until {@link #restore()}. */
    public boolean lowered() {
        return before.isPresent();
    }

    /**
     * Gives every compiler thread of the JVM the priority they had before, the ones the JVM added meanwhile too
     * (a new compiler thread inherits its creator's priority). Returns whether they all have it; true when
     * nothing was lowered or the JVM has ended.
     */
    public boolean restore() throws InterruptedException {
        return before.isEmpty() || setAll(pid, compilerThreads(pid), before.getAsInt());
    }

    /** The JIT's threads of JVM {@code pid}, by thread id; empty where there is no {@code /proc} or no such JVM. */
    public static List<Long> compilerThreads(long pid) {
        List<Long> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (COMPILER_THREADS.stream().anyMatch(name::startsWith)) {
                        threads.add(Long.parseLong(task.getFileName().toString()));
                    }
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return threads;
    }

    /** A thread's nice value, the 19th field of its {@code stat}; empty once it ended. */
    public static OptionalInt nice(long pid, long thread) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(thread), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static boolean setAll(long pid, List<Long> threads, int value) throws InterruptedException {
        if (threads.isEmpty()) {
            return true;
        }
        // One renice for every thread; --priority is the absolute value in every util-linux (-n became relative in 2.39).
        List<String> command = new ArrayList<>(List.of("renice", "--priority", Integer.toString(value), "-p"));
        threads.forEach(thread -> command.add(Long.toString(thread)));
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            }
        } catch (IOException noRenice) {
            return false;
        }
        // An ended thread has no priority to fix; every other must have the value now.
        return threads.stream().map(thread -> nice(pid, thread))
                .allMatch(now -> now.isEmpty() || now.getAsInt() == value);
    }

    /** Whether this process holds CAP_SYS_NICE (its effective capabilities in {@code /proc/self/status}). */
    public static boolean mayRaisePriorities() {
        try (Stream<String> status = Files.lines(Path.of("/proc/self/status"))) {
            return status.filter(line -> line.startsWith("CapEff:")).findFirst()
                    .map(line -> (Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16)
                            & (1L << CAP_SYS_NICE)) != 0)
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
