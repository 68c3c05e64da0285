package ai.humane.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro's data-grid options for the local run: alone ({@code --nocluster}) unless HUMANE_CLUSTER_MEMBERS
 * names the members, and then TCP discovery of those members only, bound to and advertised on loopback. The grid
 * is neither authenticated nor encrypted (docs/scaling.md), so the local run refuses any member off loopback:
 * several instances on one machine form a real cluster, and nothing else can join it. A cluster across machines
 * is compose's (docker/compose.yaml), on a network of its own.
 */
final class LocalCluster {

    private LocalCluster() {
    }

    /** A grid of one member: the instance discovers and joins no other. */
    static final List<String> ALONE = List.of("--nocluster");

    /**
     * HUMANE_CLUSTER_MEMBERS {@code 127.0.0.1:P1,127.0.0.1:P2,…}, HUMANE_CLUSTER_PORT this instance's own grid port
     * (one of them), HUMANE_CLUSTER_NAME the cluster's name (default {@code humane-local}): clusters of other names
     * on the same ports never join it.
     *
     * @throws IllegalArgumentException when a member is not a loopback address with a port, or the own port is not
     *                                  one of the members'
     */
    static List<String> options(Map<String, String> environment) {
        String members = environment.getOrDefault("HUMANE_CLUSTER_MEMBERS", "").strip();
        if (members.isEmpty()) {
            return ALONE;
        }
        List<String> ports = new ArrayList<>();
        for (String member : Arrays.stream(members.split(",")).map(String::strip).toList()) {
            if (!member.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
                throw new IllegalArgumentException("HUMANE_CLUSTER_MEMBERS: " + member
                        + " is not 127.0.0.1:PORT; the local run's grid stays on loopback");
            }
            ports.add(member.substring(member.indexOf(':') + 1));
        }
        String own = environment.getOrDefault("HUMANE_CLUSTER_PORT", "").strip();
        if (!ports.contains(own)) {
            throw new IllegalArgumentException("HUMANE_CLUSTER_PORT must be one of the members' ports " + ports);
        }
        String name = environment.getOrDefault("HUMANE_CLUSTER_NAME", "humane-local").strip();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("HUMANE_CLUSTER_NAME: letters, digits, '.', '_' and '-', at most 64");
        }
        return List.of("--clustername", name, "--clustermode", "tcpip:" + String.join(",", members.split("\\s*,\\s*")),
                "--startport", own, "--interfaces", "127.0.0.1", "--hzpublicaddress", "127.0.0.1");
    }
}
