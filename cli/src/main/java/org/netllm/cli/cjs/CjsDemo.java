package org.netllm.cli.cjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.cli.load.SparseContent;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.JobSequences;
import org.netllm.emulation.cjs.Randomness;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import org.netllm.server.cjs.CjsLive;
import picocli.CommandLine;

/**
 * The CJS part of {@code netllm demo}: {@code cjs eval} of the baselines on the first five test seeds, the committed
 * adapted scheduler ({@code netllm:default}) beside Fair and Decima on shorter episodes of the same seeds, then one
 * simulated cluster scheduled live by the adapted scheduler through the server, its JCT beside the same episode
 * played offline.
 */
public final class CjsDemo {

    /** The episodes the demo evaluates: the first five test seeds. */
    public static final String SEEDS = "9000..9004";
    /** Jobs per episode where the adapted scheduler decides (each of its decisions runs the backbone). */
    public static final int ADAPTED_JOBS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CjsDemo() {
    }

    /** Runs the evaluation (its table to {@code out}, files to {@code results}); returns its exit code. */
    public static int evaluate(Path dataDir, Path results, PrintWriter out, PrintWriter err, List<String> schedulers) {
        return evaluate(dataDir, results, out, err, schedulers, 200);
    }

    /**
     * Evaluates {@code netllm:default} beside Fair and Decima on the same seeds with {@value #ADAPTED_JOBS} jobs each
     * (files to {@code results}); returns its exit code.
     */
    public static int evaluateDefault(Path dataDir, Path results, PrintWriter out, PrintWriter err) {
        return evaluate(dataDir, results, out, err, List.of("fair", "decima", "netllm:default"), ADAPTED_JOBS);
    }

    private static int evaluate(Path dataDir, Path results, PrintWriter out, PrintWriter err, List<String> schedulers,
                                int jobs) {
        List<String> args = new ArrayList<>(List.of("--seeds", SEEDS, "--schedulers", String.join(",", schedulers),
                "--jobs", Integer.toString(jobs), "--out", results.toString()));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        CommandLine eval = new CommandLine(new EvalCommand());
        eval.setOut(out);
        eval.setErr(err);
        return eval.execute(args.toArray(String[]::new));
    }

    /**
     * Plays seed 9000 ({@value #ADAPTED_JOBS} jobs, 50 executors, deterministic mode) on a live server, every decision
     * asked of {@code netllm:default} through the policy actor, flat out; prints its average JCT beside the same
     * episode played offline.
     */
    public static void live(Path cjsData, PrintWriter out) throws Exception {
        CjsScheduler adapted = CjsSchedulerRegistry.of(cjsData).resolve("netllm:default");
        int jobs = ADAPTED_JOBS;
        CjsEpisode.Setup episode = new CjsEpisode.Setup("9000", JobSequences.generate(new SplittableRandom(9000), jobs),
                CjsSimulator.Config.of(50), new Randomness.Deterministic());
        EpisodeResult offline = CjsEpisode.play(episode, new TpchLibrary(cjsData.resolve("tpch")), adapted, false);
        Path content = SparseContent.write(VideoFiles.read(cjsData.resolveSibling("abr/videos/envivio-dash3"),
                VideoFiles.ENVIVIO_BITRATES_KBPS), Files.createTempDirectory("netllm-cjs-demo-"));
        CjsLive live = CjsLive.of(adapted, cjsData.resolve("tpch"), 10).withSettings(
                CjsSessionSettings.defaults(cjsData.resolve("tpch"), 10).withDeadline(Duration.ofSeconds(5)));
        try (VideoServer server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE).withClusters(live))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/cjs/clusters"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"simulate\":{\"seed\":9000,\"jobs\":" + jobs
                            + ",\"executors\":50,\"speedup\":\"flat\",\"deterministic\":true}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode cluster = JSON.readTree(created.body());
            out.printf("live cluster %s: test seed 9000, %d jobs on 50 executors (deterministic mode), every decision "
                    + "asked of %s through the server's policy actor%n", cluster.get("clusterId").asText(), jobs,
                    adapted.name());
            out.flush();
            long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            JsonNode state = null;
            while (System.nanoTime() < end) {
                Thread.sleep(500);
                state = JSON.readTree(client.send(HttpRequest.newBuilder(server.uri().resolve("/api/cjs/clusters/"
                                + cluster.get("clusterId").asText())).header("Authorization", "Bearer "
                                + cluster.get("token").asText()).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("cluster");
                if (state != null && state.get("finished").asBoolean()) {
                    break;
                }
            }
            if (state == null || !state.get("finished").asBoolean()) {
                out.println("live cluster: not finished within 5 minutes");
                return;
            }
            out.printf(Locale.ROOT, "live    avg JCT %.3f s, %d decisions, %d by the Fair fallback%n",
                    state.get("avgJctS").asDouble(), state.get("decisions").asLong(), state.get("fallbacks").asLong());
            out.printf(Locale.ROOT, "offline avg JCT %.3f s, %d decisions (cjs eval --seeds 9000..9000 --jobs %d "
                    + "--deterministic --schedulers %s)%n", offline.avgJctS(), offline.decisions(), jobs, adapted.name());
        }
    }
}
