import ai.humane.edge.boundary.BodyDeadline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU per request of A4's body deadline (BodyDeadline: a timer scheduled on one shared thread and cancelled around
 * every read of a body, which RequestBodyLimit does on every request) beside the same read without it, in one run:
 * {@code threads} request threads at once, each doing {@code n} reads of an already-arrived body. CPU is counted over
 * every thread of the JVM (the timer's thread included), so a wake-up per request would show; each request thread
 * counts its own before it ends. Run from the
 * repository root after a build; see REPORT.md.
 */
public class BodyDeadlineCost {

    private static final byte[] BODY = new byte[512];
    private static final LongAdder SINK = new LongAdder();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        BodyDeadline deadline = new BodyDeadline();
        Method open = BodyDeadline.class.getDeclaredMethod("open");
        open.setAccessible(true);
        open.invoke(deadline);
        for (int round = 1; round <= 5; round++) {
            double bare = cpuPerRead(threads, n, () -> SINK.add(BODY.length));
            double watched = cpuPerRead(threads, n, () -> SINK.add(deadline.start().read(() -> BODY).length));
            System.out.printf("round %d: bare %.0f ns, with the deadline %.0f ns of CPU per read (+%.0f ns)%n",
                    round, bare, watched, watched - bare);
        }
    }

    @FunctionalInterface
    private interface Read {
        void run() throws Exception;
    }

    /** CPU of every thread of the JVM per read, {@code threads} threads doing {@code n} reads each. */
    private static double cpuPerRead(int threads, int n, Read read) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch done = new CountDownLatch(threads);
        LongAdder workers = new LongAdder();
        long before = cpu(mx);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        read.run();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    // A thread that has ended is not counted by the JVM any more: it counts itself before it ends.
                    workers.add(mx.getCurrentThreadCpuTime());
                    done.countDown();
                }
            }).start();
        }
        done.await();
        Thread.sleep(100);
        return (cpu(mx) - before + workers.sum()) / (double) (threads * (long) n);
    }

    private static long cpu(ThreadMXBean mx) {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long c = mx.getThreadCpuTime(id);
            if (c > 0) {
                sum += c;
            }
        }
        return sum;
    }
}
