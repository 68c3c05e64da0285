package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    @Test
    void aloneUnlessMembersAreNamed() {
        assertEquals(List.of("--nocluster"), LocalCluster.options(Map.of()));
        assertEquals(List.of("--nocluster"), LocalCluster.options(Map.of("HUMANE_CLUSTER_MEMBERS", " ")));
    }

    @Test
    void membersAreFoundOverTcpOnLoopbackOnly() {
        List<String> options = LocalCluster.options(Map.of("HUMANE_CLUSTER_MEMBERS", "127.0.0.1:18292, 127.0.0.1:18293",
                "HUMANE_CLUSTER_PORT", "18293", "HUMANE_CLUSTER_NAME", "soak-1"));

        assertEquals(List.of("--clustername", "soak-1", "--clustermode", "tcpip:127.0.0.1:18292,127.0.0.1:18293",
                "--startport", "18293", "--interfaces", "127.0.0.1", "--hzpublicaddress", "127.0.0.1"), options);
    }

    @Test
    void aMemberOffLoopbackIsRefused() {
        for (String members : List.of("10.0.0.5:5900", "0.0.0.0:5900", "127.0.0.1:5900,192.168.1.2:5900",
                "localhost:5900", "127.0.0.1")) {
            assertThrows(IllegalArgumentException.class, () -> LocalCluster.options(
                    Map.of("HUMANE_CLUSTER_MEMBERS", members, "HUMANE_CLUSTER_PORT", "5900")), members);
        }
    }

    @Test
    void theOwnPortIsOneOfTheMembersAndTheNameIsPlain() {
        assertThrows(IllegalArgumentException.class, () -> LocalCluster.options(
                Map.of("HUMANE_CLUSTER_MEMBERS", "127.0.0.1:5900", "HUMANE_CLUSTER_PORT", "5901")));
        assertThrows(IllegalArgumentException.class, () -> LocalCluster.options(
                Map.of("HUMANE_CLUSTER_MEMBERS", "127.0.0.1:5900", "HUMANE_CLUSTER_PORT", "5900",
                        "HUMANE_CLUSTER_NAME", "a b --nocluster")));
    }
}
