package org.netllm.cli.vp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netllm.server.vp.PredictorWarmUp;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.load.SparseContent;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import org.netllm.server.vp.VpLive;
import picocli.CommandLine;

/**
 * The VP part of {@code netllm demo}: {@code vp eval} on Jin2022 test, then one test viewer replayed live (5 times
 * real time) through the server's viewport tracker, its live MAE beside the same trace scored offline.
 */
public final class VpDemo {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Jin2022 test trace (video 4, user 83 are in NetLLM's test split). */
    private static final int VIDEO = 4;
    private static final int USER = 83;
    private static final double SPEEDUP = 5;

    private VpDemo() {
    }

    /** Runs the evaluation (its table to {@code out}, files to {@code results}); returns its exit code. */
    public static int evaluate(Path dataDir, Path results, PrintWriter out, PrintWriter err, List<String> predictors) {
        List<String> args = new ArrayList<>(List.of("--dataset", "Jin2022", "--predictors",
                String.join(",", predictors), "--out", results.toString()));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        CommandLine eval = new CommandLine(new VpEvalCommand());
        eval.setOut(out);
        eval.setErr(err);
        return eval.execute(args.toArray(String[]::new));
    }

    /** Replays one test viewer through a live server whose viewport predictor is {@code predictorName}. */
    public static void live(Path data, String predictorName, PrintWriter out) throws Exception {
        HeadTrace trace = HeadTraceFiles.read(HeadTraceFiles.file(data.resolve("vp/Jin2022"), VIDEO, USER), VIDEO, USER);
        ViewportPredictor predictor = VpPredictors.byName(predictorName, DataDirectory.projectRoot());
        try {
            VpLive live = VpLive.of(predictor, 10);
            if (!VpPredictors.CLASSIC.contains(predictorName)) {
                live = live.withBatching(VpLive.MODEL_BATCHING);
                PredictorWarmUp.run(predictor, live.settings().hw(), live.settings().pw(),
                        VpLive.MODEL_BATCHING.maxBatch());
            }
            Path content = SparseContent.write(VideoFiles.read(data.resolve("abr/videos/envivio-dash3"),
                    VideoFiles.ENVIVIO_BITRATES_KBPS), Files.createTempDirectory("netllm-vp-demo-"));
            double offline = VpEvaluation.score(predictor, VpSamples.of(trace, live.settings().hw(),
                    live.settings().pw()), live.settings().pw()).mae();
            try (VideoServer server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE).withViewports(live))) {
                HttpClient client = HttpClient.newHttpClient();
                JsonNode session = JSON.readTree(client.send(HttpRequest.newBuilder(server.uri()
                                .resolve("/api/vp/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                String auth = "Bearer " + session.get("token").asText();
                String samples = server.uri().resolve("/api/vp/sessions/" + session.get("sessionId").asText()
                        + "/samples").toString();
                out.printf(Locale.ROOT, "live viewer: Jin2022 video %d user %d (%d samples at 5 Hz, replayed %.0fx real "
                        + "time), predicted by %s through the server's viewport tracker, %d ms deadline%n", VIDEO, USER,
                        trace.length(), SPEEDUP, predictor.name(), live.settings().decisionDeadline().toMillis());
                out.flush();
                double[][] o = trace.orientations();
                for (int i = 0; i < o.length; i++) {
                    long started = System.nanoTime();
                    String body = String.format(Locale.ROOT, "{\"t\":%.1f,\"roll\":%s,\"pitch\":%s,\"yaw\":%s}",
                            i * 0.2, o[i][0], o[i][1], o[i][2]);
                    client.send(HttpRequest.newBuilder(java.net.URI.create(samples)).header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long left = Math.round(200 / SPEEDUP) - (System.nanoTime() - started) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                }
                JsonNode view = JSON.readTree(client.send(HttpRequest.newBuilder(server.uri().resolve(
                                "/api/vp/sessions/" + session.get("sessionId").asText())).header("Authorization", auth)
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("session");
                out.printf(Locale.ROOT, "live    MAE at NetLLM's %d anchors %.3f deg; over every prediction %.3f deg; "
                                + "%d of %d predictions by the Velocity fallback%n", view.get("scoredAnchors").asInt(),
                        view.get("anchorMaeDeg").asDouble(), view.get("liveMaeDeg").asDouble(),
                        view.get("fallbacks").asLong(), o.length - live.settings().hw() + 1);
                out.printf(Locale.ROOT, "offline MAE %.3f deg (vp eval of the same trace and predictor)%n", offline);
            }
        } finally {
            if (predictor instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
