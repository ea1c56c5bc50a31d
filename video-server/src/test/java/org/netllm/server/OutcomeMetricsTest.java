package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.OutcomeHistogram;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.vp.Velocity;
import org.netllm.controller.vp.YawHandling;
import org.netllm.server.cjs.CjsLive;
import org.netllm.server.vp.VpLive;

/**
 * What the live sessions achieve, as Prometheus histograms beside the decision counters (issue 39, point 6): ABR
 * sessions' QoE, chunks' stall and bitrate; VP predictions' MAE; CJS jobs' completion times.
 */
class OutcomeMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10))
                .withViewports(VpLive.of(new Velocity(YawHandling.RAW), 100).withSettings(
                        VpSessionSettings.defaults(100).withWindows(3, 4).withDeadline(Duration.ofSeconds(10))))
                .withClusters(CjsLive.of(RoundRobin.fair(), tpch, 10).withSettings(
                        CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10)))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    @Test
    void aFinishedAbrSessionAddsItsQoeAndEachScoredChunksStallAndBitrate() throws Exception {
        OutcomeHistogram qoe = server.decisionMetrics().outcomes().get("session_qoe");
        OutcomeHistogram stall = server.decisionMetrics().outcomes().get("chunk_stall_seconds");
        OutcomeHistogram bitrate = server.decisionMetrics().outcomes().get("chunk_bitrate_kbps");
        long sessionsBefore = qoe.count();
        double qoeBefore = qoe.sum().sum();
        long chunksBefore = stall.count();
        double stallBefore = stall.sum().sum();
        double bitrateBefore = bitrate.sum().sum();
        JsonNode finished;
        try (RawHttp http = new RawHttp(server.port())) {
            DecisionApiTest.Session s = DecisionApiTest.newSession(http);
            String chunks = "/api/abr/sessions/" + s.id() + "/chunks";
            String auth = "Authorization: Bearer " + s.token();
            int[] levels = {0, 5, 5, 1};
            double[] stallsMs = {300, 0, 2000, 500};
            JsonNode answer = null;
            for (int i = 0; i < levels.length; i++) {
                answer = JSON.readTree(http.post(chunks, DecisionApiTest.report(i, levels[i], 4, stallsMs[i]), auth)
                        .body());
            }
            finished = answer;
        }
        assertThat(finished.get("finished").asBoolean()).as(finished.toString()).isTrue();
        await(() -> qoe.count() > sessionsBefore);

        // Chunks 1..3 are scored (the first chunk's stall is start-up, as the QoE has it).
        assertThat(stall.count() - chunksBefore).isEqualTo(3);
        assertThat(stall.sum().sum() - stallBefore).isCloseTo(2.5, within(1e-9));
        assertThat(bitrate.sum().sum() - bitrateBefore).isCloseTo(4300 + 4300 + 750, within(1e-9));
        assertThat(qoe.count() - sessionsBefore).isEqualTo(1);
        assertThat(qoe.sum().sum() - qoeBefore).isCloseTo(finished.get("qoe").get("qoe").asDouble(), within(1e-9));
        try (RawHttp http = new RawHttp(server.port())) {
            String metrics = http.get("/metrics").text();
            assertThat(metrics).contains("# TYPE netllm_abr_session_qoe histogram")
                    .contains("# TYPE netllm_abr_chunk_stall_seconds histogram")
                    .contains("netllm_abr_chunk_bitrate_kbps_bucket{le=\"4300.0\"}");
        }
    }

    private static String sample(double t, double yaw) {
        return String.format(Locale.ROOT, "{\"t\":%s,\"roll\":0,\"pitch\":0,\"yaw\":%s}", t, yaw);
    }

    @Test
    void aViewportPredictionAddsItsMaeOnceItsFutureHasArrived() throws Exception {
        OutcomeHistogram mae = server.viewers().metrics().outcomes().get("prediction_mae_degrees");
        long before = mae.count();
        double sumBefore = mae.sum().sum();
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = JSON.readTree(http.post("/api/vp/sessions", "").body());
            String samples = "/api/vp/sessions/" + created.get("sessionId").asText() + "/samples";
            String auth = "Authorization: Bearer " + created.get("token").asText();
            // Three still samples: Velocity predicts yaw 0 for the next four; the viewer then turns to yaw 6.
            assertThat(http.post(samples, "{\"samples\":[" + sample(0, 0) + "," + sample(0.2, 0) + ","
                    + sample(0.4, 0) + "]}", auth).status()).isEqualTo(200);
            assertThat(http.post(samples, "{\"samples\":[" + sample(0.6, 6) + "," + sample(0.8, 6) + ","
                    + sample(1.0, 6) + "," + sample(1.2, 6) + "]}", auth).status()).isEqualTo(200);
        }
        await(() -> mae.count() > before);
        // One prediction scored: yaw off by 6 degrees at each of 4 steps, roll and pitch exact: 24 / 12 elements.
        assertThat(mae.count() - before).isEqualTo(1);
        assertThat(mae.sum().sum() - sumBefore).isCloseTo(2.0, within(1e-9));
    }

    private static String clusterObservation(double timeMs, String jobs, String completed) {
        return "{\"timeMs\":" + timeMs + ",\"executors\":10,\"committable\":4,\"jobs\":[" + jobs + "],"
                + "\"schedulable\":[[0,0]]" + completed + "}";
    }

    private static String job(int id, double arrivalMs) {
        return "{\"id\":" + id + ",\"supply\":0,\"arrivalMs\":" + arrivalMs
                + ",\"stages\":[{\"remainingTasks\":3,\"durationMs\":100}]}";
    }

    @Test
    void anExternalClusterWithItsClockAddsEachCompletedJobsCompletionTime() throws Exception {
        OutcomeHistogram jct = server.clusters().metrics().outcomes().get("job_completion_seconds");
        long before = jct.count();
        double sumBefore = jct.sum().sum();
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = JSON.readTree(http.post("/api/cjs/clusters", "").body());
            String url = "/api/cjs/clusters/" + created.get("clusterId").asText() + "/decisions";
            String auth = "Authorization: Bearer " + created.get("token").asText();
            assertThat(http.post(url, clusterObservation(1000, job(7, 0) + "," + job(8, 500), ""), auth).status())
                    .isEqualTo(200);
            RawHttp.Response second = http.post(url, clusterObservation(5000, job(8, 500),
                    ",\"completedJobs\":[{\"id\":7,\"completedMs\":4000}]"), auth);
            assertThat(second.status()).as(second.text()).isEqualTo(200);
        }
        assertThat(jct.count() - before).isEqualTo(1);
        assertThat(jct.sum().sum() - sumBefore).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void aSimulatedClusterAddsEveryJobsCompletionTime() throws Exception {
        OutcomeHistogram jct = server.clusters().metrics().outcomes().get("job_completion_seconds");
        long before = jct.count();
        double sumBefore = jct.sum().sum();
        JsonNode cluster = null;
        JsonNode view = null;
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = JSON.readTree(http.post("/api/cjs/clusters", "{\"simulate\":{\"seed\":5,\"jobs\":6,"
                    + "\"executors\":10,\"speedup\":\"flat\",\"deterministic\":true}}").body());
            String id = created.get("clusterId").asText();
            String auth = "Authorization: Bearer " + created.get("token").asText();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                view = JSON.readTree(http.get("/api/cjs/clusters/" + id, auth).body());
                cluster = view.get("cluster");
                if (cluster != null && cluster.get("finished").asBoolean()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        assertThat(cluster.get("finished").asBoolean()).isTrue();
        double sum = 0;
        for (JsonNode s : view.get("completedJctsS")) {
            sum += s.asDouble();
        }
        assertThat(view.get("completedJctsS")).hasSize(6);
        assertThat(jct.count() - before).isEqualTo(6);
        assertThat(jct.sum().sum() - sumBefore).isCloseTo(sum, within(1e-6));
    }
}
