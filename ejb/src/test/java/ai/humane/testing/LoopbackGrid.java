package ai.humane.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Real Hazelcast members of one cluster (the version Payara Micro runs), as instances share Payara's grid: formed by
 * TCP on 127.0.0.1 only, no multicast, no phone-home.
 */
public final class LoopbackGrid {

    private LoopbackGrid() {
    }

    /** The first member of the cluster {@code name}. */
    public static HazelcastInstance first(String name) {
        return Hazelcast.newHazelcastInstance(loopback(name, "127.0.0.1"));
    }

    /**
     * A further member, told the first's own port: a member named without one is looked for on 5701-5703 only, which
     * other members (another test's) or another process may hold, and the first then binds further up.
     */
    public static HazelcastInstance joining(HazelcastInstance member, String name) {
        int port = member.getCluster().getLocalMember().getAddress().getPort();
        return Hazelcast.newHazelcastInstance(loopback(name, "127.0.0.1:" + port));
    }

    private static Config loopback(String name, String member) {
        Config config = new Config().setClusterName(name).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk");
        config.getNetworkConfig().setPort(5701).setPortAutoIncrement(true).setPortCount(100);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(member);
        return config;
    }
}
