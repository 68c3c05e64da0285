package ai.humane.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that start the launcher as a process share: its command and stopping it with all it started. The
 * ports they give it come from {@link ai.humane.local.LoopbackPorts}: the launcher's server and database bind them
 * long after they are named.
 */
final class LauncherProcesses {

    private LauncherProcesses() {
    }

    /** {@code java -jar humane-launcher.jar ARGUMENTS} on {@code home} (HUMANE_HOME), its output and errors to {@code log}. */
    static ProcessBuilder command(Path home, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("humane.launcher")));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HUMANE_HOME", home.toString());
        return builder;
    }

    /** SIGTERM (the launcher stops its server and database itself), then within a minute SIGKILL to it and its children. */
    static void stop(Process launcher) throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
