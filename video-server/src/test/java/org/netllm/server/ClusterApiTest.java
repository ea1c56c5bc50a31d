package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.server.cjs.ClusterApiHandler;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.JobSequences;
import org.netllm.emulation.cjs.Randomness;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.server.cjs.CjsLive;

class ClusterApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;
    private static Path tpch;

    @BeforeAll
    static void start() throws Exception {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        // Fair decides, with a generous deadline: these tests pin the API and the live path, not the fallback.
        CjsLive cjs = CjsLive.of(RoundRobin.fair(), tpch, 10)
                .withSettings(CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10)));
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withClusters(cjs));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Cluster(String id, String auth) {
    }

    private static Cluster open(RawHttp http, String body) throws IOException {
        RawHttp.Response created = http.post("/api/cjs/clusters", body);
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        JsonNode json = JSON.readTree(created.body());
        return new Cluster(json.get("clusterId").asText(), "Authorization: Bearer " + json.get("token").asText());
    }

    /** Two jobs: job 0 a chain 0 -> 1, job 1 one stage; stage 0 of job 0 and job 1's stage are schedulable. */
    private static String observation(String job0Parents, String schedulable) {
        return "{\"executors\":10,\"committable\":4,\"sourceJob\":-1,\"jobs\":["
                + "{\"id\":7,\"supply\":0,\"stages\":[{\"remainingTasks\":3,\"durationMs\":100,\"parents\":[]},"
                + "{\"remainingTasks\":2,\"durationMs\":50,\"parents\":" + job0Parents + "}]},"
                + "{\"id\":8,\"supply\":2,\"stages\":[{\"remainingTasks\":5,\"durationMs\":80}]}],"
                + "\"schedulable\":" + schedulable + "}";
    }

    @Test
    void anExternalClusterManagerGetsAScheduleableStageAndACountWithinItsCap() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "");
            RawHttp.Response answer = http.post("/api/cjs/clusters/" + c.id() + "/decisions",
                    observation("[0]", "[[0,0],[1,0]]"), c.auth());
            assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
            JsonNode decided = JSON.readTree(answer.body());
            // Fair (cap ceil(10 / 2) = 5): the first job in arrival order with a stage, min(C, cap - supply) = 4
            assertThat(decided.get("stage").asInt()).isZero();
            assertThat(decided.get("executors").asInt()).isEqualTo(4);
            assertThat(decided.get("decidedBy").asText()).isEqualTo("policy");
            JsonNode view = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body());
            assertThat(view.get("cluster").get("kind").asText()).isEqualTo("external");
            assertThat(view.get("cluster").get("decisions").asInt()).isEqualTo(1);
        }
    }

    @Test
    void badObservationsAreClientErrorsNamingTheField() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "{}");
            String url = "/api/cjs/clusters/" + c.id() + "/decisions";
            RawHttp.Response cycle = http.post(url, observation("[0]", "[[0,0]]").replace(
                    "\"durationMs\":100,\"parents\":[]", "\"durationMs\":100,\"parents\":[1]"), c.auth());
            assertThat(cycle.status()).isEqualTo(400);
            assertThat(new String(cycle.body())).contains("cycle");
            RawHttp.Response twins = http.post(url, observation("[0]", "[[0,0]]").replace("\"id\":8", "\"id\":7"),
                    c.auth());
            assertThat(twins.status()).isEqualTo(400);
            assertThat(new String(twins.body())).contains("jobs[1].id 7 is also jobs[0].id");
            RawHttp.Response outOfRange = http.post(url, observation("[0]", "[[0,5]]"), c.auth());
            assertThat(outOfRange.status()).isEqualTo(400);
            assertThat(new String(outOfRange.body())).contains("schedulable[0]");
            RawHttp.Response negative = http.post(url, observation("[0]", "[[0,0]]")
                    .replace("\"remainingTasks\":3", "\"remainingTasks\":-3"), c.auth());
            assertThat(negative.status()).isEqualTo(400);
            assertThat(new String(negative.body())).contains("remainingTasks");
            assertThat(http.post(url, observation("[0]", "[[0,0]]")).status()).isEqualTo(403);
            assertThat(http.post("/api/cjs/clusters/00000000-0000-0000-0000-000000000000/decisions",
                    observation("[0]", "[[0,0]]"), c.auth()).status()).isEqualTo(404);
        }
    }

    @Test
    void aDeterministicFlagThatIsNotABooleanIsRefusedNotReadAsFalse() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response refused = http.post("/api/cjs/clusters",
                    "{\"simulate\":{\"seed\":5,\"jobs\":3,\"deterministic\":\"yes\"}}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("error").asText())
                    .contains("field 'deterministic' must be true or false, got \"yes\"");
        }
    }

    @Test
    void aSimulatedClusterOpenedThroughTheApiHasTheOfflineJct() throws Exception {
        CjsEpisode.Setup episode = new CjsEpisode.Setup("5", JobSequences.generate(new SplittableRandom(5), 20),
                CjsSimulator.Config.of(10), new Randomness.Deterministic());
        EpisodeResult offline = CjsEpisode.play(episode, new TpchLibrary(tpch), RoundRobin.fair(), false);
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "{\"simulate\":{\"seed\":5,\"jobs\":20,\"executors\":10,\"speedup\":\"flat\","
                    + "\"deterministic\":true}}");
            JsonNode cluster = null;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                // A new cluster's actor publishes its first state a moment after its id is handed out (404 till then).
                cluster = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body()).get("cluster");
                if (cluster != null && cluster.get("finished").asBoolean()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(cluster).isNotNull();
            assertThat(cluster.get("finished").asBoolean()).isTrue();
            assertThat(cluster.get("decisions").asInt()).isEqualTo(offline.decisions());
            assertThat(cluster.get("fallbacks").asInt()).isZero();
            assertThat(cluster.get("avgJctS").asDouble()).isCloseTo(offline.avgJctS(), within(1e-9));
            // Minus the episode's return: the job time the scheduler was told of, summed in the same order.
            assertThat(cluster.get("jobTimeMs").asDouble()).isEqualTo(-offline.returnMs()).isPositive();
        }
    }

    /** {@link #observation} at {@code timeMs} on the cluster's clock. */
    private static String observationAt(double timeMs) {
        return observation("[0]", "[[0,0],[1,0]]").replace("{\"executors\"",
                "{\"timeMs\":" + timeMs + ",\"executors\"");
    }

    @Test
    void aClockGoingBackIsAClientErrorNamingThePreviousTime() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "");
            String url = "/api/cjs/clusters/" + c.id() + "/decisions";
            assertThat(http.post(url, observationAt(5000), c.auth()).status()).isEqualTo(200);
            RawHttp.Response back = http.post(url, observationAt(4000), c.auth());
            assertThat(back.status()).isEqualTo(400);
            assertThat(JSON.readTree(back.body()).get("error").asText()).contains("timeMs 4000.0")
                    .contains("previous observation at timeMs 5000.0");
            RawHttp.Response none = http.post(url, observation("[0]", "[[0,0],[1,0]]"), c.auth());
            assertThat(none.status()).isEqualTo(400);
            assertThat(JSON.readTree(none.body()).get("error").asText()).contains("timeMs missing");
            JsonNode cluster = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body()).get("cluster");
            // The refused observations took no decision; the first one's reward waits for the next clock.
            assertThat(cluster.get("decisions").asInt()).isEqualTo(1);
            assertThat(cluster.get("jobTimeMs").asDouble()).isZero();
            // Two jobs listed at 5,000 ms and both still at 6,500 ms: 2 × 1,500 ms of job time.
            assertThat(http.post(url, observationAt(6500), c.auth()).status()).isEqualTo(200);
            cluster = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body()).get("cluster");
            assertThat(cluster.get("jobTimeMs").asDouble()).isEqualTo(3000.0);
            assertThat(cluster.get("jobsInSystem").asInt()).isEqualTo(2);
            // The dashboard's timeline: a moment per decision taken, on the cluster's own clock.
            JsonNode timeline = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body())
                    .get("timeline");
            assertThat(timeline.get("atS")).extracting(JsonNode::asDouble).containsExactly(5.0, 6.5);
            assertThat(timeline.get("decisions")).extracting(JsonNode::asInt).containsExactly(1, 2);
            assertThat(timeline.get("jobsInSystem")).extracting(JsonNode::asInt).containsExactly(2, 2);
            assertThat(timeline.get("avgJctS")).allMatch(JsonNode::isNull);
        }
    }

    @Test
    void anExternalClusterWithoutClockReportsNoJobTime() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "");
            String url = "/api/cjs/clusters/" + c.id() + "/decisions";
            assertThat(http.post(url, observation("[0]", "[[0,0],[1,0]]"), c.auth()).status()).isEqualTo(200);
            assertThat(http.post(url, observation("[0]", "[[0,0],[1,0]]"), c.auth()).status()).isEqualTo(200);
            JsonNode cluster = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body()).get("cluster");
            assertThat(cluster.get("decisions").asInt()).isEqualTo(2);
            assertThat(cluster.get("jobTimeMs").isNull()).isTrue();
            RawHttp.Response orphan = http.post(url, observation("[0]", "[[0,0],[1,0]]").replace("\"id\":8,",
                    "\"id\":8,\"arrivalMs\":10,"), c.auth());
            assertThat(orphan.status()).isEqualTo(400);
            assertThat(JSON.readTree(orphan.body()).get("error").asText()).contains("jobs[1].arrivalMs needs");
        }
    }

    @Test
    void aClusterManagerReplayingASimulatedEpisodeWithItsClockAccruesTheSimulatorsJobTime() throws IOException {
        CjsEpisode.Setup episode = new CjsEpisode.Setup("5", JobSequences.generate(new SplittableRandom(5), 8),
                CjsSimulator.Config.of(10), new Randomness.Deterministic());
        CjsEpisode.Run run = CjsEpisode.start(episode, new TpchLibrary(tpch), null);
        double simulatorJobTime = 0;
        double lastReward = 0;
        int decisions = 0;
        try (RawHttp http = new RawHttp(server.port())) {
            Cluster c = open(http, "");
            String url = "/api/cjs/clusters/" + c.id() + "/decisions";
            Set<Integer> reported = new HashSet<>();
            while (!run.done()) {
                RawHttp.Response answer = http.post(url, replayed(run, run.observe(), reported), c.auth());
                assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
                JsonNode action = JSON.readTree(answer.body());
                lastReward = run.step(new CjsAction(action.get("stage").asInt(), action.get("executors").asInt()));
                simulatorJobTime -= lastReward;
                decisions++;
            }
            JsonNode cluster = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body()).get("cluster");
            assertThat(cluster.get("decisions").asInt()).isEqualTo(decisions).isGreaterThan(50);
            // Every reward but the last, which no later observation reports; summed in the same order, so exact.
            assertThat(cluster.get("jobTimeMs").asDouble()).isEqualTo(simulatorJobTime + lastReward)
                    .isGreaterThan(0.5 * simulatorJobTime);
        }
    }

    /**
     * The observation as a cluster manager with the simulator's clock sends it; {@code reported}: the completions
     * it sent before (a job can complete at the very time of the previous observation, after it).
     */
    private static String replayed(CjsEpisode.Run run, CjsObservation o, Set<Integer> reported) {
        ObjectNode root = JSON.createObjectNode();
        root.put("timeMs", run.timeMs());
        root.put("executors", o.executors());
        root.put("committable", o.committable());
        root.put("sourceJob", o.sourceJob());
        ArrayNode jobs = root.putArray("jobs");
        for (int p = 0; p < o.jobCount(); p++) {
            ObjectNode job = jobs.addObject();
            job.put("id", o.jobIds()[p]);
            job.put("supply", o.supplies()[p]);
            job.put("arrivalMs", run.job(o.jobIds()[p]).arrivalMs());
            ArrayNode stages = job.putArray("stages");
            for (int i = o.jobStart()[p]; i < o.jobStart()[p + 1]; i++) {
                ObjectNode stage = stages.addObject();
                stage.put("remainingTasks", o.remainingTasks()[i]);
                stage.put("durationMs", o.recentDurationMs()[i]);
                ArrayNode parents = stage.putArray("parents");
                for (int e = 0; e < o.edgeChildren().length; e++) {
                    if (o.edgeChildren()[e] == i) {
                        parents.add(o.edgeParents()[e] - o.jobStart()[p]);
                    }
                }
            }
        }
        ArrayNode schedulable = root.putArray("schedulable");
        for (int node : o.schedulable()) {
            int p = o.jobOf(node);
            schedulable.addArray().add(p).add(node - o.jobStart()[p]);
        }
        ArrayNode completed = root.putArray("completedJobs");
        for (int j = 0; j < run.jobCount(); j++) {
            if (Double.isFinite(run.completionMs(j)) && reported.add(j)) {
                completed.addObject().put("id", j).put("completedMs", run.completionMs(j));
            }
        }
        return root.toString();
    }

    @Test
    void eachDecisionIsCountedUnderTheCjsMetricFamilies() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            double before = ViewportApiTest.metric(http.get("/metrics").text(),
                    "netllm_cjs_decisions_total{source=\"policy\"}");
            Cluster c = open(http, "");
            String url = "/api/cjs/clusters/" + c.id() + "/decisions";
            assertThat(http.post(url, observation("[0]", "[[0,0],[1,0]]"), c.auth()).status()).isEqualTo(200);
            String metrics = http.get("/metrics").text();
            assertThat(ViewportApiTest.metric(metrics, "netllm_cjs_decisions_total{source=\"policy\"}"))
                    .isEqualTo(before + 1);
            assertThat(ViewportApiTest.metric(metrics, "netllm_cjs_active_sessions")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("# TYPE netllm_cjs_decision_latency_seconds histogram")
                    .contains("netllm_cjs_fallbacks_total ");
        }
    }

    @Test
    void aClusterObservationLargerThanTheServersReportLimitIsDecided() throws IOException {
        Cluster c;
        try (RawHttp http = new RawHttp(server.port())) {
            c = open(http, "");
        }
        String body = manyJobs(400); // about 26 KB: over the 16 KiB that ABR reports get, under the CJS limit
        assertThat(body.length()).isGreaterThan(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response decided = http.post("/api/cjs/clusters/" + c.id() + "/decisions", body, c.auth());
            assertThat(decided.status()).as(decided.text()).isEqualTo(200);
            assertThat(JSON.readTree(decided.body()).get("stage").asInt()).isZero();
        }
    }

    @Test
    void anObservationOverTheClusterLimitIs413WithAJsonErrorDeclaredOrChunked() throws IOException {
        Cluster c;
        try (RawHttp http = new RawHttp(server.port())) {
            c = open(http, "");
        }
        String url = "/api/cjs/clusters/" + c.id() + "/decisions";
        // The declared length alone is refused: the server answers before the body is sent.
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response tooLarge = http.raw("POST " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + c.auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (ClusterApiHandler.MAX_BODY_BYTES + 1) + "\r\n\r\n");
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(JSON.readTree(tooLarge.body()).get("error").asText())
                    .isEqualTo("request body larger than " + ClusterApiHandler.MAX_BODY_BYTES + " bytes");
        }
        // Without a declared length the body is read in chunks; an ABR create of 26 KB sent so is still refused.
        String report = manyJobs(400);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response chunked = http.raw("POST /api/abr/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(report.length()) + "\r\n" + report + "\r\n0\r\n\r\n");
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(JSON.readTree(chunked.body()).get("error").asText())
                    .isEqualTo("request body larger than " + ServerConfig.DEFAULT_MAX_BODY_BYTES + " bytes");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode view = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body());
            assertThat(view.get("cluster").get("decisions").asInt()).isZero();
        }
    }

    @Test
    void observationsPastTheSizeOrWorkLimitsAre413NamingTheLimitAndDecideNothing() throws IOException {
        Cluster c;
        try (RawHttp http = new RawHttp(server.port())) {
            c = open(http, "");
        }
        String url = "/api/cjs/clusters/" + c.id() + "/decisions";
        try (RawHttp http = new RawHttp(server.port())) {
            // The probe's shapes, each inside the 1 MiB body limit: a long chain, thousands of jobs, a dense DAG.
            RawHttp.Response chain = http.post(url, chains(1, 300), c.auth());
            assertThat(chain.status()).as(chain.text()).isEqualTo(413);
            assertThat(JSON.readTree(chain.body()).get("error").asText()).isEqualTo("jobs[0]: stages holds 300 "
                    + "stages; this server takes at most 200 per job (a TPC-H query has at most 18)");
            RawHttp.Response jobs = http.post(url, manyJobs(9000), c.auth());
            assertThat(jobs.status()).as(jobs.text()).isEqualTo(413);
            assertThat(JSON.readTree(jobs.body()).get("error").asText()).isEqualTo("'jobs' holds 9000 active jobs; "
                    + "this server decides for at most 2000 in one observation");
            RawHttp.Response dense = http.post(url, denseJobs(2, 200), c.auth());
            assertThat(dense.status()).as(dense.text()).isEqualTo(413);
            assertThat(JSON.readTree(dense.body()).get("error").asText()).startsWith("the jobs hold 20")
                    .endsWith("dependencies (parents) or more together; this server takes at most 20000 in one "
                            + "observation");
            // Each size within its limit, but deep chains over many stages: Decima would pass messages 200 levels up
            // 5,000 stages, the adapted model lay out a 5,000 x 5,000 adjacency.
            RawHttp.Response work = http.post(url, chains(25, 200), c.auth());
            assertThat(work.status()).as(work.text()).isEqualTo(413);
            assertThat(JSON.readTree(work.body()).get("error").asText()).isEqualTo("the observation needs 27120000 "
                    + "units of scheduling work (DAG depth 200 x (5000 stages + 4975 dependencies) + 5000 stages x "
                    + "(5000 stages + 25 jobs)); this server decides at most 16000000 per observation: send fewer "
                    + "active jobs or stages");
            // A loaded cluster's size is decided as before.
            RawHttp.Response loaded = http.post(url, chains(200, 10), c.auth());
            assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
            JsonNode view = JSON.readTree(http.get("/api/cjs/clusters/" + c.id(), c.auth()).body());
            assertThat(view.get("cluster").get("decisions").asInt()).isEqualTo(1);
        }
    }

    /** {@code count} jobs, each a chain of {@code length} stages whose first stage is schedulable. */
    private static String chains(int count, int length) {
        StringBuilder jobs = new StringBuilder();
        StringBuilder schedulable = new StringBuilder();
        for (int j = 0; j < count; j++) {
            jobs.append(j == 0 ? "" : ",").append("{\"id\":").append(j).append(",\"supply\":0,\"stages\":[");
            for (int k = 0; k < length; k++) {
                jobs.append(k == 0 ? "" : ",").append("{\"remainingTasks\":1,\"durationMs\":1,\"parents\":[")
                        .append(k == length - 1 ? "" : String.valueOf(k + 1)).append("]}");
            }
            jobs.append("]}");
            schedulable.append(j == 0 ? "" : ",").append("[").append(j).append(",").append(length - 1).append("]");
        }
        return "{\"executors\":10,\"committable\":4,\"sourceJob\":-1,\"jobs\":[" + jobs + "],\"schedulable\":["
                + schedulable + "]}";
    }

    /** {@code count} jobs of {@code size} stages, each stage depending on every later one (the last is schedulable). */
    private static String denseJobs(int count, int size) {
        StringBuilder jobs = new StringBuilder();
        for (int j = 0; j < count; j++) {
            jobs.append(j == 0 ? "" : ",").append("{\"id\":").append(j).append(",\"supply\":0,\"stages\":[");
            for (int k = 0; k < size; k++) {
                jobs.append(k == 0 ? "" : ",").append("{\"remainingTasks\":1,\"durationMs\":1,\"parents\":[");
                for (int p = k + 1; p < size; p++) {
                    jobs.append(p == k + 1 ? "" : ",").append(p);
                }
                jobs.append("]}");
            }
            jobs.append("]}");
        }
        return "{\"executors\":10,\"committable\":4,\"sourceJob\":-1,\"jobs\":[" + jobs + "],\"schedulable\":[[0,"
                + (size - 1) + "]]}";
    }

    private static String manyJobs(int count) {
        StringBuilder jobs = new StringBuilder();
        for (int j = 0; j < count; j++) {
            jobs.append(j == 0 ? "" : ",").append("{\"id\":").append(j)
                    .append(",\"supply\":0,\"stages\":[{\"remainingTasks\":1,\"durationMs\":1,\"parents\":[]}]}");
        }
        return "{\"executors\":10,\"committable\":4,\"sourceJob\":-1,\"jobs\":[" + jobs + "],\"schedulable\":[[0,0]]}";
    }
}
