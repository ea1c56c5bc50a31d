package org.netllm.cli.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.load.Pace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cluster-failover}: three cluster nodes on loopback, players streaming, one node killed mid-stream. */
@Command(name = "cluster-failover", mixinStandardHelpOptions = true,
        description = {"Starts netllm serve --cluster nodes as separate JVMs on loopback (roles front,policy), streams "
                + "simulated ABR players through the front doors of the nodes that stay up, kills one node with "
                + "SIGKILL mid-stream and prints: requests answered 5xx or not at all, whether every live session "
                + "went on, and the failover time (kill -> first answer from a session's new home)."})
public final class ClusterFailoverCommand implements Callable<Integer> {

    @Mixin
    DataDirectory data;

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--sessions", defaultValue = "12", description = "Concurrent players (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--pace", defaultValue = "x4", paramLabel = "realtime|xK",
            description = "Player speed (default: ${DEFAULT-VALUE}).")
    String pace;

    @Option(names = "--kill-after", defaultValue = "20", paramLabel = "S",
            description = "Seconds of streaming before the kill (default: ${DEFAULT-VALUE}).")
    double killAfter;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "S",
            description = "Seconds of streaming in all (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--kill-node", defaultValue = "3", paramLabel = "N",
            description = "The node that dies, 1-based; 1 is the oldest and hosts the shard coordinator "
                    + "(default: ${DEFAULT-VALUE}).")
    int killNode;

    @Option(names = "--controller", defaultValue = "robust-mpc", paramLabel = "NAME",
            description = "Every node's ABR controller (default: ${DEFAULT-VALUE}).")
    String controller;

    @Option(names = "--http-port", defaultValue = "18080", paramLabel = "P",
            description = "Node i's front door listens on P + i - 1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--cluster-port", defaultValue = "25520", paramLabel = "P",
            description = "Node i's cluster transport listens on P + i - 1 (default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--stable-after-ms", defaultValue = "3000", paramLabel = "MS",
            description = "The split-brain resolver's stable-after (default: ${DEFAULT-VALUE}).")
    long stableAfterMs;

    @Option(names = "--out", defaultValue = "out/cluster-failover", paramLabel = "DIR",
            description = "Where the nodes' logs go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FailoverPlan plan = new FailoverPlan.Builder().nodes(nodes).sessions(sessions).pace(Pace.parse(pace))
                .killAfter(Duration.ofMillis(Math.round(killAfter * 1000)))
                .duration(Duration.ofMillis(Math.round(duration * 1000))).killNode(killNode).controller(controller)
                .httpBasePort(httpPort).clusterBasePort(clusterPort).stableAfter(Duration.ofMillis(stableAfterMs))
                .build();
        PrintWriter log = spec.commandLine().getOut();
        log.printf("cluster failover: %d nodes on loopback (front,policy), %d players at %s through the front doors "
                        + "of the nodes that stay up, node %d killed after %.0f s of %.0f s, controller %s%n",
                nodes, sessions, plan.pace(), killNode, killAfter, duration, controller);
        log.flush();
        FailoverReport report = new ClusterFailover(plan, data, out, log).run();
        report.lines().forEach(log::println);
        log.println("node logs in " + out);
        log.flush();
        return report.serverErrors() == 0 && report.unanswered() == 0 && report.wentOn() == report.liveAtKill()
                ? 0 : 1;
    }
}
