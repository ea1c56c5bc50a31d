package org.netllm.cli.cjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.load.SparseContent;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.errors.InvalidInputException;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import org.netllm.server.cjs.CjsLive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm cjs serve}: a server whose one simulated cluster NetLLM's simulator drives in real time (or K times
 * faster), every decision asked of the live scheduler through the policy actor, to watch on the dashboard.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the server with one simulated cluster: the live job scheduler decides every step of a "
                + "job stream while you watch /dashboard; prints its progress and the final average JCT."})
public final class ServeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DataDirectory data;

    @Option(names = "--scheduler", defaultValue = "decima", description = "fifo, spark-fifo, fair, decima, "
            + "netllm:default, netllm:DIR, decima-greedy (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--seed", defaultValue = "9000", description = "The episode's seed (default: ${DEFAULT-VALUE}, the "
            + "first test seed).")
    long seed;

    @Option(names = "--jobs", defaultValue = "200", description = "Jobs in the stream (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--executors", defaultValue = "50", description = "Executors (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(names = "--speedup", defaultValue = "10", paramLabel = "K|flat",
            description = "Simulated time runs K times faster than real time, or flat out (default: ${DEFAULT-VALUE}).")
    String speedup;

    @Option(names = "--deterministic", description = "Deterministic mode (spec rules D1-D10).")
    boolean deterministic;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--deadline-ms", defaultValue = "100", description = "Decision deadline (default: ${DEFAULT-VALUE}).")
    long deadlineMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || executors < 1 || deadlineMs < 1) {
            throw new InvalidInputException("--jobs, --executors and --deadline-ms must be at least 1");
        }
        String pace = speedup.strip();
        if (!pace.equals("flat")) {
            try {
                if (!(Double.parseDouble(pace) > 0)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--speedup " + speedup + " is not a positive number or flat");
            }
        }
        Path cjs = data.root().resolve("cjs");
        CjsScheduler chosen = CjsSchedulerRegistry.live(CjsSchedulerRegistry.of(cjs).resolve(scheduler.strip()),
                "--scheduler");
        Path content = SparseContent.write(VideoFiles.read(data.video("envivio-dash3"),
                VideoFiles.ENVIVIO_BITRATES_KBPS), Files.createTempDirectory("netllm-cjs-serve-"));
        CjsLive live = CjsLive.of(chosen, cjs.resolve("tpch"), 10).withSettings(
                CjsSessionSettings.defaults(cjs.resolve("tpch"), 10).withDeadline(Duration.ofMillis(deadlineMs)));
        PrintWriter out = spec.commandLine().getOut();
        try (VideoServer server = VideoServer.start(ServerConfig.of(port, content, Bba.PENSIEVE).withClusters(live))) {
            HttpClient client = HttpClient.newHttpClient();
            String body = String.format(Locale.ROOT, "{\"simulate\":{\"seed\":%d,\"jobs\":%d,\"executors\":%d,"
                    + "\"speedup\":%s,\"deterministic\":%b}}", seed, jobs, executors,
                    pace.equals("flat") ? "\"flat\"" : pace, deterministic);
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/cjs/clusters"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new InvalidInputException("the server refused the cluster: " + created.body());
            }
            JsonNode cluster = JSON.readTree(created.body());
            URI view = server.uri().resolve("/api/cjs/clusters/" + cluster.get("clusterId").asText());
            out.printf("cluster %s: %d jobs on %d executors (seed %d), %s, scheduled by %s; watch %s/dashboard%n",
                    cluster.get("clusterId").asText(), jobs, executors, seed,
                    pace.equals("flat") ? "flat out" : pace + "x real time", chosen.name(), server.uri());
            out.flush();
            while (true) {
                Thread.sleep(2000);
                HttpResponse<String> state = client.send(HttpRequest.newBuilder(view)
                        .header("Authorization", "Bearer " + cluster.get("token").asText()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode c = JSON.readTree(state.body()).get("cluster");
                if (c == null) {
                    continue; // its first state is published a moment after its id is handed out
                }
                out.printf(Locale.ROOT, "t=%7.0f s  decisions %6d (fallback %d)  jobs in system %3d  completed %3d/%d"
                                + "  avg JCT %s%n", c.get("simulatedSeconds").asDouble(), c.get("decisions").asLong(),
                        c.get("fallbacks").asLong(), c.get("jobsInSystem").asInt(), c.get("jobsCompleted").asInt(),
                        c.get("jobs").asInt(), c.get("avgJctS").isNull() ? "-"
                                : String.format(Locale.ROOT, "%.3f s", c.get("avgJctS").asDouble()));
                out.flush();
                if (c.get("finished").asBoolean()) {
                    return 0;
                }
            }
        }
    }
}
