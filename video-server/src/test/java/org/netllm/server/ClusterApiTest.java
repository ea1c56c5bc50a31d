package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.controller.abr.Bba;
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
        }
    }
}
