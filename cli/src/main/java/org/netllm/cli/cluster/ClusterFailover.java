package org.netllm.cli.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.live.ClusterOptions;
import org.netllm.cli.load.SparseContent;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.errors.InvalidInputException;

/**
 * The failover run: starts {@code netllm serve --cluster} nodes as separate JVMs on loopback, streams simulated
 * players through the front doors of the nodes that will stay up, kills one node with SIGKILL mid-stream, and
 * reports every request's fate ({@link FailoverReport}). Each node's output is kept in {@code out/node-N.log}.
 */
final class ClusterFailover {

    /** How long the nodes may take to start and see each other (JVM start, model load, cluster join). */
    static final Duration CLUSTER_UP_TIMEOUT = Duration.ofSeconds(240);
    /** Light JVMs: three of them share the machine with the players. */
    static final List<String> NODE_JVM = List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final FailoverPlan plan;
    private final DataDirectory data;
    private final Path out;
    private final PrintWriter log;

    ClusterFailover(FailoverPlan plan, DataDirectory data, Path out, PrintWriter log) {
        this.plan = plan;
        this.data = data;
        this.out = out;
        this.log = log;
    }

    FailoverReport run() throws IOException, InterruptedException {
        Video video = VideoFiles.read(data.video("envivio-dash3"), VideoFiles.ENVIVIO_BITRATES_KBPS);
        List<Trace> traces = TraceFiles.readDirectory(data.traces("fcc-test"));
        Files.createDirectories(out);
        Path content = SparseContent.write(video, out.resolve("content"));
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            startNodes(content, nodes);
            return stream(nodes, video, traces);
        } finally {
            for (ClusterNode node : nodes) {
                node.close();
            }
        }
    }

    private void startNodes(Path content, List<ClusterNode> nodes) throws IOException, InterruptedException {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String seeds = "127.0.0.1:" + plan.clusterBasePort() + ",127.0.0.1:" + (plan.clusterBasePort() + 1);
        for (int i = 1; i <= plan.nodes(); i++) {
            int http = plan.httpBasePort() + i - 1;
            int cluster = plan.clusterBasePort() + i - 1;
            List<String> args = List.of("--cluster", "--roles", "front,policy", "--seed-nodes", seeds,
                    "--cluster-port", String.valueOf(cluster), "--port", String.valueOf(http),
                    "--stable-after-ms", String.valueOf(plan.stableAfter().toMillis()),
                    "--controller", plan.controller(), "--content", content.toString(),
                    "--data-dir", data.root().toString(), "--cjs-scheduler", "fair");
            List<String> jvm = new ArrayList<>(NODE_JVM);
            jvm.add("-Dnetllm.home=" + DataDirectory.projectRoot());
            nodes.add(ClusterNode.launch(i, http, cluster, jvm, args,
                    Map.of(ClusterOptions.SECRET_VARIABLE, secret), out.resolve("node-" + i + ".log")));
        }
        long start = System.nanoTime();
        String everyoneUp = "(" + plan.nodes() + " up)";
        for (ClusterNode node : nodes) {
            if (!node.await(line -> line.contains(everyoneUp), CLUSTER_UP_TIMEOUT)) {
                throw new InvalidInputException("node " + node.number() + " did not see all " + plan.nodes()
                        + " nodes up within " + CLUSTER_UP_TIMEOUT.toSeconds() + " s; its output ("
                        + out.resolve("node-" + node.number() + ".log") + "):\n  "
                        + String.join("\n  ", node.output()));
            }
        }
        log.printf("%d nodes up in %.1f s: front doors %s%n", plan.nodes(), (System.nanoTime() - start) / 1e9,
                nodes.stream().map(ClusterNode::frontDoor).collect(Collectors.joining(", ")));
        log.flush();
    }

    private FailoverReport stream(List<ClusterNode> nodes, Video video, List<Trace> traces)
            throws InterruptedException {
        ClusterNode victim = nodes.get(plan.killNode() - 1);
        List<String> doors = nodes.stream().filter(n -> n != victim).map(ClusterNode::frontDoor).toList();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<PlayerOutcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger sessionNumbers = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + plan.duration().toNanos();
        List<Thread> players = new ArrayList<>();
        for (int p = 0; p < plan.sessions(); p++) {
            int player = p;
            Thread thread = new Thread(new FailoverPlayer(client, k -> doors.get((player + k) % doors.size()), video,
                    traces, player, plan.pace(), end, sessionNumbers, outcomes), "player-" + p);
            thread.setDaemon(true);
            players.add(thread);
            thread.start();
            // Staggered starts, as real viewers arrive.
            Thread.sleep(Math.max(1, 1000L / plan.sessions()));
        }
        Thread.sleep(Math.max(0, plan.killAfter().toMillis() - (System.nanoTime() - start) / 1_000_000));
        log.printf("%d requests so far; killing node %d (%s, SIGKILL)%n", outcomes.size(), victim.number(),
                victim.clusterAddress());
        log.flush();
        long killed = System.nanoTime();
        victim.kill();
        for (Thread thread : players) {
            thread.join(plan.duration().toMillis() + FailoverPlayer.REQUEST_TIMEOUT.toMillis() * 2);
        }
        Map<String, Long> membership = new LinkedHashMap<>();
        for (String event : List.of("unreachable", "downed", "removed")) {
            OptionalLong first = nodes.stream().filter(n -> n != victim)
                    .map(n -> n.firstAt(line -> line.contains("member " + event)
                            && line.contains(victim.clusterAddress())))
                    .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
            first.ifPresent(at -> membership.put(event, at));
        }
        writeOutcomes(outcomes, killed);
        return FailoverReport.of(new ArrayList<>(outcomes), killed, membership);
    }

    /** Every request's fate, in milliseconds from the kill: {@code out/outcomes.csv}. */
    private void writeOutcomes(Collection<PlayerOutcome> outcomes, long killed) {
        List<String> rows = new ArrayList<>();
        rows.add("ms_from_kill,session,status,decided_by,chunk");
        outcomes.stream().sorted(java.util.Comparator.comparingLong(PlayerOutcome::atNanos)).forEach(o -> rows.add(
                CsvFile.line(String.format(java.util.Locale.ROOT, "%.1f", (o.atNanos() - killed) / 1e6),
                        String.valueOf(o.session()), String.valueOf(o.status()), String.valueOf(o.decidedBy()),
                        String.valueOf(o.chunk()))));
        try {
            Files.write(out.resolve("outcomes.csv"), rows);
        } catch (IOException e) {
            log.println("could not write " + out.resolve("outcomes.csv") + ": " + e.getMessage());
        }
    }
}
