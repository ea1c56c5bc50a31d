package org.netllm.cli.cluster;

import java.time.Duration;
import org.netllm.cli.load.Pace;
import org.netllm.errors.InvalidInputException;

/**
 * What a failover run does: how many nodes on loopback, how many players at what pace, which node dies when.
 *
 * @param nodes           cluster nodes, each with roles front and policy
 * @param sessions        concurrent simulated players (they use the front doors of the nodes that stay up)
 * @param pace            player speed
 * @param killAfter       streaming time before the kill
 * @param duration        streaming time in all
 * @param killNode        which node dies (1-based; 1 is the oldest, which also hosts the shard coordinator)
 * @param controller      the ABR controller of every node
 * @param httpBasePort    node i's front door listens on this + i - 1
 * @param clusterBasePort node i's cluster transport listens on this + i - 1
 * @param stableAfter     the split-brain resolver's stable-after
 */
record FailoverPlan(int nodes, int sessions, Pace pace, Duration killAfter, Duration duration, int killNode,
                    String controller, int httpBasePort, int clusterBasePort, Duration stableAfter) {

    FailoverPlan {
        if (nodes < 3) {
            throw new InvalidInputException("--nodes must be at least 3 (a majority must survive the kill), got "
                    + nodes);
        }
        if (killNode < 1 || killNode > nodes) {
            throw new InvalidInputException("--kill-node must be in 1.." + nodes + ", got " + killNode);
        }
        if (sessions < 1 || killAfter.isNegative() || killAfter.compareTo(duration) >= 0) {
            throw new InvalidInputException("--sessions must be at least 1 and --kill-after below --duration");
        }
        if (httpBasePort < 1 || httpBasePort + nodes > 65_535 || clusterBasePort < 1
                || clusterBasePort + nodes > 65_535) {
            throw new InvalidInputException("--http-port and --cluster-port leave no room for " + nodes + " nodes");
        }
    }

    /** Builds a {@link FailoverPlan} by named settings; the defaults are the README's run. */
    static final class Builder {
        private int nodes = 3;
        private int sessions = 12;
        private Pace pace = new Pace(4);
        private Duration killAfter = Duration.ofSeconds(20);
        private Duration duration = Duration.ofSeconds(60);
        private int killNode = 3;
        private String controller = "robust-mpc";
        private int httpBasePort = 18_080;
        private int clusterBasePort = 25_520;
        private Duration stableAfter = Duration.ofSeconds(3);

        Builder nodes(int value) {
            nodes = value;
            return this;
        }

        Builder sessions(int value) {
            sessions = value;
            return this;
        }

        Builder pace(Pace value) {
            pace = value;
            return this;
        }

        Builder killAfter(Duration value) {
            killAfter = value;
            return this;
        }

        Builder duration(Duration value) {
            duration = value;
            return this;
        }

        Builder killNode(int value) {
            killNode = value;
            return this;
        }

        Builder controller(String value) {
            controller = value;
            return this;
        }

        Builder httpBasePort(int value) {
            httpBasePort = value;
            return this;
        }

        Builder clusterBasePort(int value) {
            clusterBasePort = value;
            return this;
        }

        Builder stableAfter(Duration value) {
            stableAfter = value;
            return this;
        }

        FailoverPlan build() {
            return new FailoverPlan(nodes, sessions, pace, killAfter, duration, killNode, controller, httpBasePort,
                    clusterBasePort, stableAfter);
        }
    }
}
