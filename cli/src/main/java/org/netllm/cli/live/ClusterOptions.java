package org.netllm.cli.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.netllm.actors.cluster.ClusterAddress;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code serve}'s cluster options: one node of a Pekko Cluster, configured from the command line alone. */
public final class ClusterOptions {

    /** The environment variable that may hold the token secret instead of the command line (where ps shows it). */
    public static final String SECRET_VARIABLE = "NETLLM_CLUSTER_SECRET";

    @Option(names = "--cluster", description = "Run as one node of a Pekko Cluster: ABR sessions are sharded over the "
            + "front nodes (any front door serves any session) and decided by workers on the policy nodes.")
    boolean cluster;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,…]",
            description = "Cluster nodes to join through (this node may be one; default: itself).")
    String seedNodes;

    @Option(names = "--roles", paramLabel = "front,policy",
            description = "What this node does: front (HTTP and sessions), policy (a policy worker) or both "
                    + "(default: front,policy).")
    String roles;

    @Option(names = "--cluster-port", paramLabel = "P",
            description = "Port of this node's cluster transport (default: 25520).")
    Integer clusterPort;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address the other nodes reach this one at (default: the --bind address).")
    String clusterHost;

    @Option(names = "--cluster-secret", paramLabel = "KEY",
            description = "Key (16+ characters, the same on every node) that session tokens are signed with, so "
                    + "that any front door checks any session's token; or set " + SECRET_VARIABLE + ".")
    String clusterSecret;

    @Option(names = "--stable-after-ms", paramLabel = "MS",
            description = "The split-brain resolver downs an unreachable node after membership is stable this long "
                    + "(default: 3000).")
    Long stableAfterMs;

    /** This node's settings, or empty without {@code --cluster}; bad or contradictory options are user errors. */
    public Optional<ClusterSettings> settings(String bind) {
        if (!cluster) {
            if (seedNodes != null || roles != null || clusterPort != null || clusterHost != null
                    || clusterSecret != null || stableAfterMs != null) {
                throw new InvalidInputException("--seed-nodes, --roles, --cluster-port, --cluster-host, "
                        + "--cluster-secret and --stable-after-ms need --cluster");
            }
            return Optional.empty();
        }
        String host = clusterHost != null ? clusterHost.strip() : bind;
        int port = clusterPort != null ? clusterPort : 25520;
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException("--cluster-port " + port + " is outside 1..65535");
        }
        ClusterAddress self = new ClusterAddress(host, port);
        List<ClusterAddress> seeds = seedNodes != null ? ClusterAddress.parseList(seedNodes, "--seed-nodes")
                : List.of(self);
        Set<ClusterRole> nodeRoles = ClusterRole.parse(roles != null ? roles : "front,policy", "--roles");
        String secret = clusterSecret != null ? clusterSecret : System.getenv(SECRET_VARIABLE);
        if (secret == null || secret.length() < ClusterSettings.MIN_SECRET_CHARS) {
            throw new InvalidInputException("--cluster needs --cluster-secret KEY (or " + SECRET_VARIABLE + ") of at "
                    + "least " + ClusterSettings.MIN_SECRET_CHARS + " characters, the same on every node: front doors "
                    + "sign session tokens with it");
        }
        long stable = stableAfterMs != null ? stableAfterMs : ClusterSettings.DEFAULT_STABLE_AFTER.toMillis();
        if (stable < 500) {
            throw new InvalidInputException("--stable-after-ms must be at least 500 (a shorter one downs nodes "
                    + "that only paused), got " + stable);
        }
        checkPortFree(self);
        return Optional.of(new ClusterSettings.Builder(self, secret).seedNodes(seeds).roles(nodeRoles)
                .stableAfter(Duration.ofMillis(stable)).build());
    }

    /** Artery reports a taken port as a failed actor system; this says which option to change instead. */
    private static void checkPortFree(ClusterAddress self) {
        InetAddress address;
        try {
            address = InetAddress.getByName(self.host());
        } catch (IOException e) {
            throw new InvalidInputException("--cluster-host " + self.host() + " is not an address of this machine");
        }
        try (ServerSocket socket = new ServerSocket(self.port(), 1, address)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new InvalidInputException("--cluster-port " + self.port() + " is in use on " + self.host() + " ("
                    + e.getMessage() + "); choose another, or stop the node that holds it");
        }
    }
}
