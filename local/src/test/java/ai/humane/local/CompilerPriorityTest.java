package ai.humane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JVM's compiler threads (C1 and C2): lowered while it "boots", and given their priority back, all of them. */
class CompilerPriorityTest {

    @TempDir
    Path folder;

    private Process jvm;

    @AfterEach
    void stop() throws InterruptedException {
        if (jvm != null) {
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCompilerRunsLowWhileBootingAndAsBeforeOnceReady() throws Exception {
        assumeTrue(CompilerPriority.mayRaisePriorities(), "this process may not raise priorities (no CAP_SYS_NICE)");
        Path sleeper = Files.writeString(folder.resolve("Sleeper.java"),
                "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        jvm = new ProcessBuilder(PayaraMicro.javaExecutable(), sleeper.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();

        int own = CompilerPriority.nice(ProcessHandle.current().pid(), ProcessHandle.current().pid()).orElseThrow();
        CompilerPriority priority = CompilerPriority.lowerWhileBooting(jvm.pid());
        assertTrue(priority.lowered());
        List<Long> threads = CompilerPriority.compilerThreads(jvm.pid());
        assertTrue(threads.size() >= 2, "C1 and C2 threads in /proc/" + jvm.pid() + "/task: " + threads);
        for (long thread : threads) {
            assertEquals(OptionalInt.of(CompilerPriority.duringBoot(own)), CompilerPriority.nice(jvm.pid(), thread));
        }
        assertTrue(CompilerPriority.duringBoot(own) > own, "not lower than before");

        assertTrue(priority.restore());
        for (long thread : CompilerPriority.compilerThreads(jvm.pid())) {
            assertEquals(OptionalInt.of(own), CompilerPriority.nice(jvm.pid(), thread), "compiler thread " + thread);
        }
    }

    @Test
    void neverBelowTheLowestPriority() {
        assertEquals(10, CompilerPriority.duringBoot(0));
        assertEquals(19, CompilerPriority.duringBoot(15));
    }

    @Test
    void aJvmThatEndedHasNothingToRestore() throws Exception {
        assertTrue(CompilerPriority.compilerThreads(Long.MAX_VALUE).isEmpty());
        assertTrue(CompilerPriority.nice(Long.MAX_VALUE, 1).isEmpty());
    }
}
