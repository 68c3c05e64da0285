package ai.humane.testing;

import ai.humane.local.PayaraMicro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Payara Micro instances that form one Hazelcast cluster (Payara's data grid) on loopback only: TCP discovery
 * of the members' own data-grid ports on 127.0.0.1, bound to and advertised as 127.0.0.1, no multicast. The
 * cluster name is this run's own, so clusters of tests running in parallel on the same machine never join.
 */
public final class Grid {

    private final String name = "humane-it-" + UUID.randomUUID();
    private final List<Integer> ports;
    private final Map<PayaraMicro, Path> logs = new HashMap<>();

    public Grid(int members) {
        this.ports = IntStream.range(0, members).mapToObj(i -> MicroInstances.freePort()).toList();
    }

    /** Starts member {@code index} (from 0) on its data-grid port; the caller awaits readiness and stops it. */
    public PayaraMicro start(Map<String, String> env, String instance, int index) throws IOException {
        String members = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<String> options = new ArrayList<>(List.of("--clustername", name, "--clustermode", "tcpip:" + members,
                "--startport", Integer.toString(ports.get(index)), "--interfaces", "127.0.0.1",
                "--hzpublicaddress", "127.0.0.1"));
        MicroInstances.Started started = MicroInstances.launch(env, instance, options);
        logs.put(started.micro(), started.log());
        return started.micro();
    }

    /**
     * Whether {@code member}'s data grid lists every member of this grid, by Payara's own status log of the
     * grid ("Data Grid Status … DG Name: name DG Size: N … Address: /127.0.0.1:port" per member; Payara keeps
     * Hazelcast's own membership lines out of the log), waiting up to {@code within}.
     */
    public boolean formed(PayaraMicro member, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (listsEveryMember(read(logs.get(member)))) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private boolean listsEveryMember(String log) {
        int at = log.lastIndexOf("DG Name: " + name + " DG Size: " + ports.size());
        if (at < 0) {
            return false;
        }
        // The member list follows the header, one line per member; 4000 characters hold any list we start.
        String view = log.substring(at, Math.min(log.length(), at + 4000));
        return ports.stream().allMatch(port -> view.contains("Address: /127.0.0.1:" + port + "\n"));
    }

    /**
     * What a member that did not become ready left behind, for the failure's message: whether its process still runs
     * (else its exit code), its log's path and the log's last lines. Without it, a member that died at its start (a
     * grid or HTTP port another program took meanwhile) left only "never became ready".
     */
    public String why(PayaraMicro member) {
        Path log = logs.get(member);
        List<String> lines = read(log).lines().toList();
        String state = member.alive() ? "still running" : "exited with " + exitCode(member);
        return "process " + member.pid() + " " + state + "; its log " + log.toAbsolutePath() + " ends:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String exitCode(PayaraMicro member) {
        try {
            return Integer.toString(member.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown code";
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
